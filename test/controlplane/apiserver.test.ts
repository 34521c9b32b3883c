import { runRuleTests } from '../ruleTester';
import { staticPod, HARDENED_APISERVER } from './helpers';

const api = (flags: string[], opts: { image?: string } = {}) => staticPod('kube-apiserver', flags, opts);
const hardened = { name: 'hardened kube-apiserver', code: api(HARDENED_APISERVER) };
const notApiserver = { name: 'an ordinary workload with the same flag', code: staticPod('my-app', ['--anonymous-auth=true', '--profiling=true'], { image: 'example.com/my-app:1.0' }) };

runRuleTests('CP001', {
  valid: [hardened, notApiserver, { name: 'two-item form', code: api(['--anonymous-auth', 'false']) }],
  invalid: [
    { name: 'flag missing (default true)', code: api([]), errors: [{ message: `Pod 'kube-apiserver', container 'main' (kube-apiserver): --anonymous-auth is not set and defaults to true`, line: 11, column: 11, endLine: 11, endColumn: 25 }] },
    { name: 'explicit true', code: api(['--anonymous-auth=true']), errors: [{ message: '--anonymous-auth=true serves unauthenticated requests', line: 12, column: 11, endLine: 12, endColumn: 32 }] },
    { name: 'bare boolean flag means true', code: api(['--anonymous-auth', '--profiling=false']), errors: [{ message: '--anonymous-auth=true', line: 12, column: 11 }] },
    { name: 'repeated flag: the last one wins', code: api(['--anonymous-auth=false', '--anonymous-auth=true']), errors: [{ message: '--anonymous-auth=true', line: 13, column: 11 }] },
    {
      name: 'inside a shell command string',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["/bin/sh", "-c", "exec kube-apiserver --anonymous-auth=true --profiling=false"]\n',
      errors: [{ message: '--anonymous-auth=true', line: 9, column: 55, endLine: 9, endColumn: 76 }],
    },
  ],
});

runRuleTests('CP002', {
  valid: [hardened],
  invalid: [{
    name: 'token and basic auth files',
    code: api(['--token-auth-file=/etc/tokens.csv', '--basic-auth-file', '/etc/passwords.csv']),
    errors: [
      { message: '--token-auth-file sets static bearer tokens', line: 12, column: 11 },
      { message: '--basic-auth-file sets static passwords (and was removed in Kubernetes 1.19', line: 13, column: 11, endLine: 14, endColumn: 29 },
    ],
  }],
});

runRuleTests('CP003', {
  valid: [hardened],
  invalid: [
    {
      name: 'kubelet over HTTP, no client certificate, no CA',
      code: api(['--kubelet-https=false']),
      errors: [
        { message: '--kubelet-client-certificate and --kubelet-client-key are not set', line: 11, column: 11 },
        { message: '--kubelet-certificate-authority is not set', line: 11, column: 11 },
        { message: '--kubelet-https=false makes the API server talk to kubelets over plain HTTP', line: 12, column: 11 },
      ],
    },
    {
      name: 'certificate without key',
      code: api(['--kubelet-client-certificate=/pki/kc.crt', '--kubelet-certificate-authority=/pki/ca.crt']),
      errors: [{ message: '--kubelet-client-key is not set', line: 12, column: 11 }],
    },
  ],
});

runRuleTests('CP004', {
  valid: [hardened, { name: 'authorization config file instead of the flag', code: api(['--authorization-config=/etc/kubernetes/authz.yaml']) }, { name: 'Node, RBAC and Webhook in two flags', code: api(['--authorization-mode=Node', '--authorization-mode=RBAC,Webhook']) }],
  invalid: [
    { name: 'flag missing', code: api([]), errors: [{ message: '--authorization-mode is not set and defaults to AlwaysAllow', line: 11, column: 11 }] },
    {
      name: 'AlwaysAllow next to RBAC',
      code: api(['--authorization-mode=RBAC,AlwaysAllow']),
      errors: [
        { message: '--authorization-mode lacks Node', line: 12, column: 11 },
        { message: '--authorization-mode includes AlwaysAllow', line: 12, column: 37, endLine: 12, endColumn: 48 },
      ],
    },
    {
      name: 'mode names are case-sensitive',
      code: api(['--authorization-mode=RBAC,node']),
      errors: [
        { message: 'lacks Node', line: 12, column: 11 },
        { message: `unknown mode 'node' (mode names are case-sensitive: 'Node')`, line: 12, column: 37 },
      ],
    },
  ],
});

runRuleTests('CP005', {
  valid: [
    hardened,
    { name: 'before 1.25, PodSecurityPolicy is a valid choice', code: api([...HARDENED_APISERVER.filter((f) => !f.startsWith('--enable-admission')), '--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,PodSecurityPolicy'], { image: 'registry.k8s.io/kube-apiserver:v1.24.17' }) },
    { name: 'AdmissionConfiguration with EventRateLimit', code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: EventRateLimit\n    path: eventconfig.yaml\n' },
  ],
  invalid: [
    {
      name: 'AlwaysAdmit and missing plugins',
      code: api(['--enable-admission-plugins=AlwaysAdmit']),
      errors: [
        { message: 'admission plugins NodeRestriction, EventRateLimit, AlwaysPullImages, DenyServiceExternalIPs are not enabled', line: 12, column: 11 },
        { message: 'admission plugin AlwaysAdmit admits every request', line: 12, column: 38, endLine: 12, endColumn: 49 },
      ],
    },
    {
      name: 'default plugins switched off with --disable-admission-plugins',
      code: api(['--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs', '--disable-admission-plugins=ServiceAccount']),
      errors: [{ message: 'admission plugin ServiceAccount is disabled', line: 13, column: 39 }],
    },
    {
      name: 'legacy --admission-control list replaces the defaults',
      code: api(['--admission-control=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,ServiceAccount'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
      errors: [
        { message: `admission plugin NamespaceLifecycle is not in the --admission-control list`, line: 12, column: 11 },
        { message: 'on Kubernetes 1.9, neither PodSecurityPolicy nor SecurityContextDeny is enabled', line: 12, column: 11 },
      ],
    },
    {
      name: 'PodSecurityPolicy on 1.25+ stops the API server',
      code: api(['--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,PodSecurityPolicy'], { image: 'registry.k8s.io/kube-apiserver:v1.28.4' }),
      errors: [{ message: 'admission plugin PodSecurityPolicy was removed in Kubernetes 1.25; on Kubernetes 1.28 the API server will not start', line: 12, column: 109 }],
    },
    {
      name: 'PodSecurityPolicy without a version in the image: latest assumed',
      code: api(['--enable-admission-plugins', 'NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,SecurityContextDeny'], { image: 'example.com/kube-apiserver@sha256:abc' }),
      errors: [{ message: 'SecurityContextDeny was removed in Kubernetes 1.30', line: 13, column: 82 }],
    },
    {
      name: 'AdmissionConfiguration without EventRateLimit',
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: ValidatingAdmissionWebhook\n',
      errors: [{ message: 'no EventRateLimit plugin configuration', line: 3, column: 1 }],
    },
  ],
});

runRuleTests('CP006', {
  valid: [hardened, { name: 'insecure port 0', code: api(['--insecure-port=0']) }],
  invalid: [{
    name: 'insecure port and address, secure port off',
    code: api(['--insecure-bind-address=0.0.0.0', '--insecure-port=8080', '--secure-port=0']),
    errors: [
      { message: '--insecure-bind-address=0.0.0.0 exposes the unauthenticated HTTP API', line: 12, column: 11 },
      { message: '--insecure-port=8080 serves the API over HTTP', line: 13, column: 11 },
      { message: '--secure-port=0 turns off HTTPS serving', line: 14, column: 11 },
    ],
  }],
});

runRuleTests('CP007', {
  valid: [hardened, { name: 'scheduler with profiling off', code: staticPod('kube-scheduler', ['--profiling=false']) }],
  invalid: [
    { name: 'apiserver default', code: api([]), errors: [{ message: '--profiling is not set and defaults to true', line: 11, column: 11 }] },
    { name: 'controller manager explicit', code: staticPod('kube-controller-manager', ['--profiling=true']), errors: [{ message: `container 'main' (kube-controller-manager): --profiling=true exposes /debug/pprof`, line: 12, column: 11 }] },
    { name: 'hyperkube scheduler', code: staticPod('hyperkube', ['scheduler', '--profiling=true'], { image: 'k8s.gcr.io/hyperkube:v1.15.0' }), errors: [{ message: '(kube-scheduler): --profiling=true', line: 13, column: 11 }] },
  ],
});

runRuleTests('CP008', {
  valid: [hardened],
  invalid: [
    { name: 'no audit log', code: api([]), errors: [{ message: 'audit logging is incomplete: set --audit-log-path (no audit log is written), --audit-log-maxage=30, --audit-log-maxbackup=10, --audit-log-maxsize=100', line: 11, column: 11 }] },
    {
      name: 'retention too short',
      code: api(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=7', '--audit-log-maxbackup=10', '--audit-log-maxsize', '50']),
      errors: [
        { message: '--audit-log-maxage=7 is below 30 days', line: 13, column: 11 },
        { message: '--audit-log-maxsize=50 is below 100 megabytes', line: 15, column: 11, endLine: 16, endColumn: 13 },
      ],
    },
  ],
});

runRuleTests('CP009', {
  valid: [hardened, { name: 'two minutes', code: api(['--request-timeout=2m3s']) }],
  invalid: [
    { name: 'three hours', code: api(['--request-timeout=1s9m3h']), errors: [{ message: '--request-timeout=1s9m3h lets each request hold the API server for more than 5 minutes', line: 12, column: 11 }] },
    { name: 'not a duration', code: api(['--request-timeout=60']), errors: [{ message: '--request-timeout=60 is not a valid duration', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP010', {
  valid: [hardened, { name: 'lookup left at its default', code: api(['--service-account-key-file=/etc/kubernetes/pki/sa.pub']) }],
  invalid: [
    {
      name: 'lookup off, no key file',
      code: api(['--service-account-lookup=false']),
      errors: [
        { message: '--service-account-key-file is not set', line: 11, column: 11 },
        { message: '--service-account-lookup=false accepts tokens of deleted service accounts', line: 12, column: 11 },
      ],
    },
    { name: 'not a key file', code: api(['--service-account-key-file=/etc/kubernetes/pki/sa.txt']), errors: [{ message: 'does not look like a PEM key file', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP011', {
  valid: [hardened],
  invalid: [{
    name: 'certificate only, no CA',
    code: api(['--etcd-certfile=/pki/etcd.crt']),
    errors: [
      { message: '--etcd-cafile is not set', line: 11, column: 11 },
      { message: '--etcd-keyfile is not set, so the API server cannot authenticate to etcd', line: 12, column: 11 },
    ],
  }],
});

runRuleTests('CP012', {
  valid: [hardened],
  invalid: [{
    name: 'empty values do not count',
    code: api(['--tls-cert-file', '--tls-private-key-file=', '--client-ca-file=/pki/ca.crt']),
    errors: [{ message: '--tls-cert-file and --tls-private-key-file are not set (or empty)', line: 12, column: 11 }],
  }],
});

runRuleTests('CP013', {
  valid: [hardened],
  invalid: [{ name: 'no encryption config', code: api(['--anonymous-auth=false']), errors: [{ message: '--encryption-provider-config is not set, so Secrets are stored unencrypted in etcd', line: 11, column: 11 }] }],
});
