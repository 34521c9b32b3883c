"""
Restores the input files that ../shared/corpus/kustomize misses: the Go tests of kustomize's api/krusty write part of
their files through helper functions (writeSmallBase(th), makeCommonFileForExtendedPatchTest(th), ...), which the
corpus extraction did not follow. For each case listed in ../disagreements/kustomize.json "supplemented", this reads
the test function at the corpus commit, follows helper calls taking `th`, and writes every th.WriteF/WriteK/WriteC
with literal arguments whose file the corpus case does not already have (WriteK/WriteC with the header the test
harness prepends). Needs the kustomize source at commit 12f9e6391464b3ad9dd3fe8182049dc1b1772990 in $KUSTOMIZE_SRC.
"""
import json, re, os, sys, glob
SRC = os.environ.get('KUSTOMIZE_SRC', '/tmp/kz') + '/api/krusty'
CORPUS = os.environ.get('PALISADE_CORPUS', os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'corpus')) + '/kustomize'
OUT = os.path.dirname(os.path.abspath(__file__))
man = json.load(open(os.path.join(CORPUS, 'MANIFEST.json')))
supplemented = json.load(open(os.path.join(OUT, '..', 'disagreements', 'kustomize.json')))['supplemented']
gosrc = {f: open(f).read() for f in glob.glob(SRC + '/*_test.go')}

def func_body(text, name):
    m = re.search(r'\nfunc ' + re.escape(name) + r'\(([^)]*)\)[^{]*\{', text)
    if not m: return None
    i = m.end(); depth = 1; j = i
    while depth and j < len(text):
        c = text[j]
        if c == '`':
            j = text.index('`', j + 1)
        elif c == '"':
            k = j + 1
            while text[k] != '"':
                k += 2 if text[k] == '\\' else 1
            j = k
        elif c == '{': depth += 1
        elif c == '}': depth -= 1
        j += 1
    return text[i:j - 1]

def find_func(name):
    for f, t in gosrc.items():
        b = func_body(t, name)
        if b is not None: return b
    return None

GOSTR = r'(`[^`]*`|"(?:[^"\\]|\\.)*")'
def lit(s):
    if s.startswith('`'): return s[1:-1]
    return json.loads(s)

def writes(body, depth=0):
    out = []
    # calls in order: th.WriteX(lit, lit) or helper(th)
    for m in re.finditer(r'th\.(WriteK|WriteF|WriteC)\(\s*' + GOSTR + r'\s*,\s*' + GOSTR + r'\s*\)|\b([a-zA-Z_][a-zA-Z0-9_]*)\(th\)', body):
        if m.group(1):
            out.append((m.group(1), lit(m.group(2)), lit(m.group(3))))
        else:
            name = m.group(4)
            if depth < 3:
                b = find_func(name)
                if b is not None: out += writes(b, depth + 1)
    return out

made = {}
for c in man:
    if c['dir'] not in supplemented: continue
    body = func_body(gosrc[os.path.join(os.environ.get('KUSTOMIZE_SRC', '/tmp/kz'), c['source_path'])], c['name'])
    if body is None: print('no body', c['name']); continue
    run_at = body.find('th.Run(')
    pre = body if run_at < 0 else body[:run_at]
    files = []
    for kind, p, content in writes(pre):
        if kind == 'WriteK': files.append((os.path.join(p, 'kustomization.yaml'), '\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' + content))
        elif kind == 'WriteC': files.append((os.path.join(p, 'kustomization.yaml'), '\napiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' + content))
        else: files.append((p, content))
    added = []
    for p, content in files:
        rel = os.path.normpath(p.lstrip('/'))
        if os.path.exists(os.path.join(CORPUS, c['dir'], 'in', rel)): continue
        dst = os.path.join(OUT, c['dir'], 'in', rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, 'w').write(content)
        added.append(rel)
    made[c['dir']] = added
    print(c['dir'], added)
