"""
Extracts the `replacements` tests of kustomize's api/krusty/replacementtransformer_test.go (commit
12f9e6391464b3ad9dd3fe8182049dc1b1772990, $KUSTOMIZE_SRC) that write literal files, run one build and compare with one
literal expectation: each becomes <Test>/in/... (WriteK/WriteC with the header the harness prepends), <Test>/run (the
folder built) and <Test>/expected.yaml (with the leading line feed the harness ignores removed).
"""
import json, os, re
SRC = os.path.join(os.environ.get('KUSTOMIZE_SRC', '/tmp/kz'), 'api/krusty/replacementtransformer_test.go')
OUT = os.path.dirname(os.path.abspath(__file__))
text = open(SRC).read()
GOSTR = r'(`[^`]*`|"(?:[^"\\]|\\.)*")'
lit = lambda s: s[1:-1] if s.startswith('`') else json.loads(s)
for m in re.finditer(r'\nfunc (Test\w+)\(t \*testing.T\) \{\n(.*?)\n\}\n', text, re.S):
    name, body = m.group(1), m.group(2)
    runs = re.findall(r'th\.Run\(' + GOSTR + r',', body)
    exps = re.findall(r'AssertActualEqualsExpected\(m,\s*' + GOSTR + r'\)', body)
    if len(runs) != 1 or len(exps) != 1 or 'RunWithErr' in body: continue
    files = []
    for w in re.finditer(r'th\.(WriteK|WriteF|WriteC)\(\s*' + GOSTR + r'\s*,\s*' + GOSTR + r'\s*\)', body):
        kind, p, c = w.group(1), lit(w.group(2)), lit(w.group(3))
        if kind == 'WriteK': files.append((os.path.join(p, 'kustomization.yaml'), '\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' + c))
        elif kind == 'WriteC': files.append((os.path.join(p, 'kustomization.yaml'), '\napiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' + c))
        else: files.append((p, c))
    if len(re.findall(r'th\.Write', body)) != len(files): continue
    d = os.path.join(OUT, name)
    for p, c in files:
        dst = os.path.join(d, 'in', os.path.normpath(p.lstrip('/')))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, 'w').write(c)
    exp = lit(exps[0])
    open(os.path.join(d, 'expected.yaml'), 'w').write(exp[1:] if exp.startswith('\n') else exp)
    open(os.path.join(d, 'run'), 'w').write(os.path.normpath(lit(runs[0])) + '\n')
    print(name, len(files))
