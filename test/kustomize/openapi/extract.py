"""
Extracts the custom OpenAPI schema tests of kustomize's api/krusty/openapicustomschema_test.go (commit
12f9e6391464b3ad9dd3fe8182049dc1b1772990, $KUSTOMIZE_SRC) that build local files once: each becomes <Test>/in/...,
<Test>/run, and <Test>/expected.yaml or <Test>/wantError. Helper calls (writeTestSchema(th, dir), writeCustomResource
(th, path), ...) are expanded; the schemas come from the same commit's api/krusty/testdata.
"""
import json, os, re
KSRC = os.environ.get('KUSTOMIZE_SRC', '/tmp/kz')
SRC = os.path.join(KSRC, 'api/krusty/openapicustomschema_test.go')
OUT = os.path.dirname(os.path.abspath(__file__))
text = open(SRC).read()
GOSTR = r'(`[^`]*`|"(?:[^"\\]|\\.)*")'
lit = lambda s: s[1:-1] if s.startswith('`') else json.loads(s)
HEADER = {'WriteK': '\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n', 'WriteC': '\napiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n'}

def helper_body(name):
    m = re.search(r'\nfunc ' + name + r'\(th kusttest_test\.Harness(?:, (\w+) string)?\) \{\n(.*?)\n\}\n', text, re.S)
    return (m.group(1), m.group(2)) if m else (None, None)

CONSTS = {}
for m in re.finditer(r'\n(?:const|var) (\w+)\s*=\s*' + GOSTR, text):
    CONSTS[m.group(1)] = lit(m.group(2))

def args_at(body, i):
    """The comma-separated argument expressions of the call whose '(' is at body[i]: each a list of
    string literals, identifiers and string(bytes), joined by '+'."""
    args, cur, j = [], [], i + 1
    while j < len(body):
        c = body[j]
        if c in ' \t\n+': j += 1; continue
        if c == ',': args.append(cur); cur = []; j += 1; continue
        if c == ')': args.append(cur); return args, j + 1
        m = re.compile(GOSTR).match(body, j)
        if m: cur.append(('lit', lit(m.group(1)))); j = m.end(); continue
        m = re.compile(r'string\(bytes\)').match(body, j)
        if m: cur.append(('bytes', None)); j = m.end(); continue
        m = re.compile(r'\w+').match(body, j)
        cur.append(('id', m.group(0))); j = m.end()
    raise Exception('unterminated call')

def value(expr, params, body):
    out = ''
    for kind, v in expr:
        if kind == 'lit': out += v
        elif kind == 'id': out += params[v] if v in params else CONSTS[v]
        else:
            src = re.search(r'os\.ReadFile\("([^"]+)"\)', body).group(1)
            out += open(os.path.join(KSRC, 'api/krusty', src)).read()
    return out

def writes(body, params=None):
    params = params or {}
    out = []
    for m in re.finditer(r'th\.(WriteK|WriteF|WriteC)\(|\b(write\w+)\(th\b', body):
        if m.group(1):
            (pa, ca), _ = args_at(body, m.end() - 1)
            path, content = value(pa, params, body), value(ca, params, body)
            if m.group(1) in HEADER: path, content = os.path.join(path, 'kustomization.yaml'), HEADER[m.group(1)] + content
            out.append((path, content))
        else:
            param, hb = helper_body(m.group(2))
            if hb is None: raise Exception('no helper ' + m.group(2))
            args, _ = args_at(body, m.end() - 3)
            out += writes(hb, {param: value(args[1], params, body)} if param else {})
    return out

for m in re.finditer(r'\nfunc (Test\w+)\(t \*testing.T\) \{\n(.*?)\n\}\n', text, re.S):
    name, body = m.group(1), m.group(2)
    if 'runOpenApiTest' not in body or 'Remote' in name or 'http' in body: continue
    runs = re.findall(r'th\.Run(?:WithErr)?\(' + GOSTR + r',', body)
    exps = [value(args_at(body, e.end() - 1)[0][1], {}, body) for e in re.finditer(r'AssertActualEqualsExpected\(', body)]
    want_error = 'RunWithErr' in body
    if len(runs) != 1 or (not want_error and len(exps) != 1): continue
    try: files = writes(body)
    except Exception as e: print('skip', name, e); continue
    d = os.path.join(OUT, name)
    for p, c in files:
        dst = os.path.join(d, 'in', os.path.normpath(p.lstrip('/')))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, 'w').write(c)
    open(os.path.join(d, 'run'), 'w').write(os.path.normpath(lit(runs[0])) + '\n')
    if want_error: open(os.path.join(d, 'wantError'), 'w').write('')
    else:
        exp = exps[0]
        open(os.path.join(d, 'expected.yaml'), 'w').write(exp[1:] if exp.startswith('\n') else exp)
    print(name, len(files), 'wantError' if want_error else '')
