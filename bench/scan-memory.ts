/**
 * Peak memory and wall time of `palisade scan` over many small files (#18, item 14).
 *
 *   npm run build && npx tsx bench/scan-memory.ts [N] [--formats text,json,sarif] [--outputs pipe,slow-pipe,file] [--keep]
 *
 * Generates N (default 10,000) small, realistic files into a temporary directory, deterministically:
 * Deployments with two to four containers (most of them not hardened), Services, RBAC Roles
 * and RoleBindings (some with wildcards, some binding cluster-admin), ClusterRoles, NetworkPolicies,
 * Namespaces with Pod Security labels, and a few Dockerfiles and GitHub Actions workflows. Most
 * files produce findings, and the cross-resource rules (Services selecting Deployments, bindings of
 * roles, policies selecting pods) have work to do. Then runs the built CLI
 * (`node bin/palisade.js scan DIR --format F`; `PALISADE_CLI` names another entry) once per format
 * and output: the report on standard output read through a pipe at once (`pipe`) or slowly
 * (`slow-pipe`), as a CI runner, `| tee` or an ssh session read it, and `--output /dev/null`
 * (`file`), polling /proc/PID/status for VmHWM (the peak resident set), and prints the peak RSS,
 * the wall time, the exit code and the report's size.
 * `--keep` keeps the files.
 *
 * Nothing is asserted: the target (under 400 MB for 10,000 files in every format) is reported.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rng } from './gen';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const fmtArg = args.indexOf('--formats');
const FORMATS = fmtArg >= 0 ? args[fmtArg + 1].split(',') : ['text', 'json', 'sarif'];
const KEEP = args.includes('--keep');
const outArg = args.indexOf('--outputs');
const OUTPUTS = (outArg >= 0 ? args[outArg + 1].split(',') : ['pipe', 'slow-pipe', 'file']) as Output[];
const CLI = process.env.PALISADE_CLI ?? path.join(__dirname, '..', 'bin', 'palisade.js');

function deployment(i: number, r: () => number): string {
  const name = `app-${i}`;
  const ns = `team-${i % 13}`;
  const hardened = r() < 0.3;
  const containers: string[] = [];
  const n = 2 + (r() < 0.5 ? 1 : 0) + (r() < 0.2 ? 1 : 0);
  for (let c = 0; c < n; c++) {
    const image = r() < 0.3 ? `registry.example.com/${name}-${c}:latest` : `registry.example.com/${name}-${c}:1.${i % 20}.${c}`;
    const sec = hardened
      ? `        securityContext:
          runAsNonRoot: true
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: ["ALL"]
          seccompProfile:
            type: RuntimeDefault`
      : `        securityContext:
          allowPrivilegeEscalation: ${r() < 0.5 ? 'true' : 'false'}${r() < 0.1 ? '\n          privileged: true' : ''}${r() < 0.2 ? '\n          capabilities:\n            add: ["NET_ADMIN", "SYS_TIME"]' : ''}`;
    containers.push(`      - name: ${c === 0 ? 'main' : `sidecar-${c}`}
        image: ${image}
        ports:
        - containerPort: ${8080 + c}
          name: http-${c}
        env:
        - name: LOG_LEVEL
          value: info
        - name: DB_PASSWORD
          value: ${r() < 0.3 ? '"hunter2"' : '""'}
        resources:
          requests:
            cpu: 100m
            memory: 128Mi${r() < 0.6 ? `
          limits:
            cpu: 500m
            memory: 256Mi` : ''}
${sec}`);
  }
  return `# ${name}: owned by ${ns}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      serviceAccountName: ${name}${r() < 0.1 ? '\n      hostNetwork: true' : ''}${r() < 0.05 ? '\n      hostPID: true' : ''}
      containers:
${containers.join('\n')}
`;
}

function service(i: number, r: () => number): string {
  const target = i - 1; // the Deployment generated just before, most of the time
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${target}
  namespace: team-${target % 13}
spec:
  type: ${r() < 0.2 ? 'NodePort' : r() < 0.1 ? 'LoadBalancer' : 'ClusterIP'}
  selector:
    app: app-${r() < 0.9 ? target : `missing-${i}`}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;
}

function role(i: number, r: () => number): string {
  const ns = `team-${i % 13}`;
  const wide = r() < 0.3;
  const rules = wide
    ? `- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]`
    : `- apiGroups: [""]
  resources: ["pods", "configmaps"${r() < 0.4 ? ', "secrets"' : ''}]
  verbs: ["get", "list", "watch"${r() < 0.3 ? ', "create", "delete"' : ''}]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list"]`;
  const roleRef = r() < 0.15 ? `  kind: ClusterRole\n  name: cluster-admin` : `  kind: Role\n  name: role-${i}`;
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: role-${i}
  namespace: ${ns}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: binding-${i}
  namespace: ${ns}
subjects:
- kind: ServiceAccount
  name: app-${i - 2}
  namespace: ${ns}${r() < 0.1 ? '\n- kind: Group\n  name: system:authenticated\n  apiGroup: rbac.authorization.k8s.io' : ''}
roleRef:
  apiGroup: rbac.authorization.k8s.io
${roleRef}
`;
}

function clusterRole(i: number, r: () => number): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader-${i}
rules:
- apiGroups: [""]
  resources: ["${r() < 0.5 ? 'secrets' : 'pods'}", "nodes"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: reader-${i}
subjects:
- kind: ServiceAccount
  name: app-${i - 3}
  namespace: team-${(i - 3) % 13}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: reader-${i}
`;
}

function networkPolicy(i: number, r: () => number): string {
  const ns = `team-${i % 13}`;
  return r() < 0.5
    ? `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-${i}
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`
    : `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: app-${i - 4}
  ingress:
  - from:
    - ipBlock:
        cidr: 0.0.0.0/0
    ports:
    - port: 8080
  egress:
  - {}
`;
}

function namespace(i: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: team-${i % 13}
  labels:
    pod-security.kubernetes.io/enforce: ${['baseline', 'restricted', 'privileged'][i % 3]}
`;
}

function dockerfile(i: number, r: () => number): string {
  return `# syntax=docker/dockerfile:1
FROM golang:1.${18 + (i % 5)} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM ${r() < 0.5 ? 'ubuntu:latest' : 'debian:bookworm-slim'}
RUN apt-get update && apt-get install -y curl ca-certificates
ENV API_TOKEN=${r() < 0.5 ? 'abc123' : ''}
ADD https://example.com/tool.tar.gz /opt/
COPY --from=build /out/app /usr/local/bin/app
${r() < 0.5 ? 'USER 10001' : ''}
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/app"]
`;
}

function workflow(i: number, r: () => number): string {
  return `name: ci-${i}
on:
  pull_request_target:
    branches: [main]
permissions: ${r() < 0.5 ? 'write-all' : 'read-all'}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
      with:
        ref: \${{ github.event.pull_request.head.sha }}
    - uses: some-org/some-action@main
    - name: Greet
      run: echo "\${{ github.event.pull_request.title }}"
`;
}

/** Writes the N files; returns their directory and total size. */
export function generate(n: number, dir: string): { bytes: number } {
  const r = rng(18014);
  let bytes = 0;
  const put = (rel: string, text: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    bytes += text.length;
  };
  for (let i = 0; i < n; i++) {
    const group = `g${String(Math.floor(i / 500)).padStart(3, '0')}`;
    const k = i % 20;
    const id = String(i).padStart(5, '0');
    if (k === 19 && i % 100 === 99) put(`${group}/.github/workflows/ci-${id}.yml`, workflow(i, r));
    else if (k === 19 && i % 100 === 39) put(`${group}/docker/${id}/Dockerfile`, dockerfile(i, r));
    else if (k === 19 && i % 100 === 59) put(`${group}/ns-${id}.yaml`, namespace(i));
    else if (k < 10) put(`${group}/deploy-${id}.yaml`, deployment(i, r));
    else if (k < 13) put(`${group}/service-${id}.yaml`, service(i, r));
    else if (k < 15) put(`${group}/role-${id}.yaml`, role(i, r));
    else if (k < 16) put(`${group}/clusterrole-${id}.yaml`, clusterRole(i, r));
    else put(`${group}/netpol-${id}.yaml`, networkPolicy(i, r));
  }
  return { bytes };
}

type Output = 'pipe' | 'slow-pipe' | 'file';
interface Run { format: string; output: Output; peakMB: number; wallS: number; code: number | null; reportMB: number }

/**
 * Runs `node CLI scan DIR --format F`, its report going to standard output, a pipe this process
 * reads (`pipe`: as fast as it comes; `slow-pipe`: one read of at most 64 KB every 10 ms, about
 * 6 MB/s, a reader such as a CI log or a network behind the scan), or with `--output /dev/null`
 * (`file`); polls the child's VmHWM (the kernel's own peak of the resident set, so a peak between
 * two polls is not missed) every 20 ms.
 */
async function measure(format: string, dir: string, output: Output): Promise<Run> {
  const t0 = process.hrtime.bigint();
  const toPipe = output !== 'file';
  const args = [CLI, 'scan', dir, '--format', format, ...(toPipe ? [] : ['--output', '/dev/null'])];
  const child = cp.spawn(process.execPath, args, { stdio: ['ignore', toPipe ? 'pipe' : 'ignore', 'pipe'] });
  let hwm = 0;
  const poll = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwm = Math.max(hwm, Number(m[1]));
    } catch { /* exited */ }
  };
  const timer = setInterval(poll, 20);
  let bytes = 0;
  let reader: NodeJS.Timeout | undefined;
  if (output === 'pipe') child.stdout!.on('data', (d: Buffer) => { bytes += d.length; });
  else if (output === 'slow-pipe') {
    const take = () => { const d = child.stdout!.read() as Buffer | null; if (d) bytes += d.length; };
    reader = setInterval(take, 10);
  }
  let stderr = '';
  child.stderr!.on('data', (d) => { if (stderr.length < 4000) stderr += d; });
  // 'close': the process has exited and its report has been read to the end
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearInterval(timer);
  clearInterval(reader);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code === 2) process.stderr.write(stderr);
  return { format, output, peakMB: hwm / 1024, wallS, code, reportMB: bytes / 1024 / 1024 };
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} not found; run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-scan-memory-'));
  try {
    const { bytes } = generate(N, dir);
    console.log(`${N} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, in ${dir}; CLI ${CLI}; node ${process.version}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('format  output      peak RSS (VmHWM)   wall      exit  report');
    for (const f of FORMATS) {
      for (const o of OUTPUTS) {
        const r = await measure(f, dir, o);
        console.log(`${f.padEnd(7)} ${o.padEnd(11)} ${r.peakMB.toFixed(0).padStart(8)} MB      ${r.wallS.toFixed(1).padStart(6)} s  ${String(r.code).padStart(4)}  ${o === 'file' ? '' : `${r.reportMB.toFixed(1)} MB`}`);
      }
    }
  } finally {
    if (KEEP) console.log(`kept ${dir}`); else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(2); });
