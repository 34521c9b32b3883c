import { runRuleTests } from '../ruleTester';
import { staticPod, HARDENED_APISERVER } from './helpers';

const api = (flags: string[], opts: { image?: string } = {}) => staticPod('kube-apiserver', flags, opts);
const hardened = { name: 'hardened kube-apiserver', code: api(HARDENED_APISERVER) };
const notApiserver = { name: 'an ordinary workload with the same flag', code: staticPod('my-app', ['--anonymous-auth=true', '--profiling=true'], { image: 'example.com/my-app:1.0' }) };

runRuleTests('CP001', {
  valid: [hardened, notApiserver, { name: 'two-item form', code: api(['--anonymous-auth', 'false']) }],
  invalid: [
    { name: 'flag missing (default true)', code: api([]), errors: [{ message: `Pod 'kube-apiserver', container 'main' (kube-apiserver): --anonymous-auth is not set and defaults to true`, line: 11, column: 11, endLine: 11, endColumn: 25 }], output: api(['--anonymous-auth=false']) },
    { name: 'explicit true', code: api(['--anonymous-auth=true']), errors: [{ message: '--anonymous-auth=true serves unauthenticated requests', line: 12, column: 11, endLine: 12, endColumn: 32 }], output: api(['--anonymous-auth=false']) },
    { name: 'bare boolean flag means true', code: api(['--anonymous-auth', '--profiling=false']), errors: [{ message: '--anonymous-auth=true', line: 12, column: 11 }], output: api(['--anonymous-auth=false', '--profiling=false']) },
    { name: 'repeated flag: the last one wins', code: api(['--anonymous-auth=false', '--anonymous-auth=true']), errors: [{ message: '--anonymous-auth=true', line: 13, column: 11 }], output: api(['--anonymous-auth=false', '--anonymous-auth=false']) },
    { name: 'two-item form, value quoted', code: api(['--anonymous-auth', '"true"']), errors: [{ message: '--anonymous-auth=true', line: 12, column: 11, endLine: 13, endColumn: 17 }], output: api(['--anonymous-auth', '"false"']) },
    {
      name: 'inside a shell command string',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["/bin/sh", "-c", "exec kube-apiserver --anonymous-auth=true --profiling=false"]\n',
      errors: [{ message: '--anonymous-auth=true', line: 9, column: 55, endLine: 9, endColumn: 76 }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["/bin/sh", "-c", "exec kube-apiserver --anonymous-auth=false --profiling=false"]\n',
    },
    {
      name: 'flag missing, flow sequence with quoted items: a quoted item is added',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["kube-apiserver"]  # the API server\n      args: ["--profiling=false"]\n',
      errors: [{ message: '--anonymous-auth is not set', line: 9, column: 17 }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["kube-apiserver"]  # the API server\n      args: ["--profiling=false", "--anonymous-auth=false"]\n',
    },
    {
      name: 'flag missing in a shell script: no fix (a new list item would be an argument of the shell)',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n    - name: main\n      image: registry.k8s.io/kube-apiserver:v1.31.2\n      command: ["sh", "-c", "kube-apiserver --profiling=false"]\n',
      errors: [{ message: '--anonymous-auth is not set', line: 9, column: 30 }],
    },
  ],
});

runRuleTests('CP002', {
  valid: [hardened, { name: 'basic auth file is CP025', code: api(['--basic-auth-file=/etc/passwords.csv']) }],
  invalid: [{ name: 'token auth file', code: api(['--token-auth-file=/etc/tokens.csv', '--basic-auth-file', '/etc/passwords.csv']), errors: [{ message: '--token-auth-file sets static bearer tokens', line: 12, column: 11 }] }],
});

runRuleTests('CP025', {
  valid: [hardened, { name: 'empty value', code: api(['--basic-auth-file=']) }],
  invalid: [{ name: 'basic auth file, two-item form', code: api(['--token-auth-file=/etc/tokens.csv', '--basic-auth-file', '/etc/passwords.csv']), errors: [{ message: '--basic-auth-file sets static passwords (and was removed in Kubernetes 1.19', line: 13, column: 11, endLine: 14, endColumn: 29 }] }],
});

runRuleTests('CP003', {
  valid: [hardened, { name: 'kubelet-https=false is CP026', code: api(['--kubelet-https=false', '--kubelet-client-certificate=/pki/kc.crt', '--kubelet-client-key=/pki/kc.key']) }],
  invalid: [
    { name: 'no client certificate', code: api(['--kubelet-https=false']), errors: [{ message: '--kubelet-client-certificate and --kubelet-client-key are not set', line: 11, column: 11 }] },
    { name: 'certificate without key', code: api(['--kubelet-client-certificate=/pki/kc.crt', '--kubelet-certificate-authority=/pki/ca.crt']), errors: [{ message: '--kubelet-client-key is not set', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP026', {
  valid: [hardened, { name: 'explicit true', code: api(['--kubelet-https=true']) }],
  invalid: [{ name: 'kubelet over HTTP', code: api(['--kubelet-https=false']), errors: [{ message: '--kubelet-https=false makes the API server talk to kubelets over plain HTTP', line: 12, column: 11 }], output: api(['--kubelet-https=true']) }],
});

runRuleTests('CP027', {
  valid: [hardened],
  invalid: [{ name: 'no CA', code: api(['--kubelet-https=false']), errors: [{ message: '--kubelet-certificate-authority is not set', line: 11, column: 11 }] }],
});

runRuleTests('CP004', {
  valid: [hardened, { name: 'authorization config file instead of the flag', code: api(['--authorization-config=/etc/kubernetes/authz.yaml']) }, { name: 'Node, RBAC and Webhook in two flags', code: api(['--authorization-mode=Node', '--authorization-mode=RBAC,Webhook']) }, { name: 'a missing Node is CP028', code: api(['--authorization-mode=RBAC']) }],
  invalid: [
    { name: 'flag missing', code: api([]), errors: [{ message: '--authorization-mode is not set and defaults to AlwaysAllow', line: 11, column: 11 }], output: api(['--authorization-mode=Node,RBAC']) },
    { name: 'AlwaysAllow next to RBAC', code: api(['--authorization-mode=RBAC,AlwaysAllow']), errors: [{ message: '--authorization-mode includes AlwaysAllow', line: 12, column: 37, endLine: 12, endColumn: 48 }], output: api(['--authorization-mode=RBAC']) },
    { name: 'AlwaysAllow alone: set Node,RBAC', code: api(['--authorization-mode', 'AlwaysAllow']), errors: [{ message: '--authorization-mode includes AlwaysAllow', line: 13, column: 11 }], output: api(['--authorization-mode', 'Node,RBAC']) },
    { name: 'mode names are case-sensitive', code: api(['--authorization-mode=RBAC,node']), errors: [{ message: `unknown mode 'node' (mode names are case-sensitive: 'Node')`, line: 12, column: 37 }], output: api(['--authorization-mode=RBAC,Node']) },
  ],
});

runRuleTests('CP028', {
  valid: [hardened, { name: 'authorization config file instead of the flag', code: api(['--authorization-config=/etc/kubernetes/authz.yaml']) }, { name: 'in a second occurrence', code: api(['--authorization-mode=RBAC', '--authorization-mode=Node']) }],
  invalid: [
    { name: 'flag missing: no fix of its own (CP004 adds the flag)', code: api([]), errors: [{ message: '--authorization-mode is not set (default AlwaysAllow), so it lacks Node', line: 11, column: 11 }] },
    { name: 'RBAC and AlwaysAllow', code: api(['--authorization-mode=RBAC,AlwaysAllow']), errors: [{ message: '--authorization-mode lacks Node', line: 12, column: 11 }], output: api(['--authorization-mode=RBAC,AlwaysAllow,Node']) },
  ],
});

runRuleTests('CP029', {
  valid: [hardened, { name: 'Node and RBAC', code: api(['--authorization-mode=Node,RBAC']) }],
  invalid: [
    { name: 'flag missing', code: api([]), errors: [{ message: '--authorization-mode is not set (default AlwaysAllow), so it lacks RBAC', line: 11, column: 11 }] },
    { name: 'Node and Webhook', code: api(['--authorization-mode=Node,Webhook']), errors: [{ message: '--authorization-mode lacks RBAC, so Roles and RoleBindings have no effect', line: 12, column: 11 }], output: api(['--authorization-mode=Node,Webhook,RBAC']) },
  ],
});

const PLUGINS = '--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs';

runRuleTests('CP005', {
  valid: [hardened, { name: 'missing plugins are other ids', code: api(['--enable-admission-plugins=PodSecurity']) }],
  invalid: [
    { name: 'AlwaysAdmit among others', code: api(['--enable-admission-plugins=AlwaysAdmit,NodeRestriction']), errors: [{ message: 'admission plugin AlwaysAdmit admits every request', line: 12, column: 38, endLine: 12, endColumn: 49 }], output: api(['--enable-admission-plugins=NodeRestriction']) },
    { name: 'AlwaysAdmit alone: the flag goes', code: api(['--enable-admission-plugins=AlwaysAdmit', '--profiling=false']), errors: [{ message: 'admission plugin AlwaysAdmit admits every request', line: 12, column: 38 }], output: api(['--profiling=false']) },
    { name: 'AlwaysAdmit last in the legacy list', code: api(['--admission-control=NamespaceLifecycle,AlwaysAdmit'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }), errors: [{ message: 'admission plugin AlwaysAdmit', line: 12, column: 50 }], output: api(['--admission-control=NamespaceLifecycle'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }) },
  ],
});

runRuleTests('CP030', {
  valid: [hardened, { name: 'in the legacy list', code: api(['--admission-control=NodeRestriction'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }) }],
  invalid: [
    { name: 'not enabled: added to the list', code: api(['--enable-admission-plugins=AlwaysPullImages']), errors: [{ message: 'admission plugin NodeRestriction is not enabled (NodeRestriction limits kubelets to their own Node and pods). Add it to --enable-admission-plugins.', line: 12, column: 11 }], output: api(['--enable-admission-plugins=AlwaysPullImages,NodeRestriction']) },
    { name: 'no list: a flag is added', code: api(['--profiling=false']), errors: [{ message: 'admission plugin NodeRestriction is not enabled', line: 11, column: 11 }], output: api(['--profiling=false', '--enable-admission-plugins=NodeRestriction']) },
    { name: 'disabled', code: api(['--enable-admission-plugins=NodeRestriction', '--disable-admission-plugins=NodeRestriction,AlwaysAdmit']), errors: [{ message: 'admission plugin NodeRestriction is not enabled', line: 12, column: 11 }], output: api(['--enable-admission-plugins=NodeRestriction', '--disable-admission-plugins=AlwaysAdmit']) },
  ],
});

runRuleTests('CP031', {
  valid: [hardened, { name: 'AdmissionConfiguration with EventRateLimit', code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: EventRateLimit\n    path: eventconfig.yaml\n' }],
  invalid: [
    { name: 'not enabled: no fix (it needs a configuration)', code: api(['--enable-admission-plugins=NodeRestriction']), errors: [{ message: 'admission plugin EventRateLimit is not enabled (EventRateLimit rate-limits events (needs an EventRateLimit configuration in --admission-control-config-file))', line: 12, column: 11 }] },
    { name: 'AdmissionConfiguration without EventRateLimit', code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: ValidatingAdmissionWebhook\n', errors: [{ message: 'no EventRateLimit plugin configuration', line: 3, column: 1 }] },
  ],
});

runRuleTests('CP032', {
  valid: [hardened],
  invalid: [{ name: 'not enabled, two-item form', code: api(['--enable-admission-plugins', 'NodeRestriction']), errors: [{ message: 'admission plugin AlwaysPullImages is not enabled', line: 12, column: 11, endLine: 13, endColumn: 26 }], output: api(['--enable-admission-plugins', 'NodeRestriction,AlwaysPullImages']) }],
});

runRuleTests('CP033', {
  valid: [hardened],
  invalid: [{ name: 'not enabled', code: api(['--enable-admission-plugins=NodeRestriction']), errors: [{ message: 'admission plugin DenyServiceExternalIPs is not enabled (DenyServiceExternalIPs blocks Service externalIPs (CVE-2020-8554))', line: 12, column: 11 }], output: api(['--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs']) }],
});

runRuleTests('CP034', {
  valid: [hardened, { name: '--enable-admission-plugins does not replace the defaults', code: api(['--enable-admission-plugins=NodeRestriction']) }],
  invalid: [
    { name: 'disabled with --disable-admission-plugins', code: api([PLUGINS, '--disable-admission-plugins=ServiceAccount']), errors: [{ message: 'admission plugin ServiceAccount is disabled', line: 13, column: 39 }], output: api([PLUGINS]) },
    { name: 'disabled among others', code: api([PLUGINS, '--disable-admission-plugins=DefaultStorageClass,ServiceAccount']), errors: [{ message: 'admission plugin ServiceAccount is disabled', line: 13, column: 59 }], output: api([PLUGINS, '--disable-admission-plugins=DefaultStorageClass']) },
    {
      name: 'legacy --admission-control list without it',
      code: api(['--admission-control=NodeRestriction,NamespaceLifecycle'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
      errors: [{ message: 'admission plugin ServiceAccount is not in the --admission-control list', line: 12, column: 11 }],
      output: api(['--admission-control=NodeRestriction,NamespaceLifecycle,ServiceAccount'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
    },
  ],
});

runRuleTests('CP035', {
  valid: [hardened],
  invalid: [{
    name: 'legacy --admission-control list replaces the defaults',
    code: api(['--admission-control=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,ServiceAccount'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
    errors: [{ message: `admission plugin NamespaceLifecycle is not in the --admission-control list`, line: 12, column: 11 }],
    output: api(['--admission-control=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,ServiceAccount,NamespaceLifecycle'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
  }],
});

runRuleTests('CP036', {
  valid: [
    hardened,
    { name: 'before 1.25, PodSecurityPolicy is a valid choice', code: api([...HARDENED_APISERVER.filter((f) => !f.startsWith('--enable-admission')), `${PLUGINS},PodSecurityPolicy`], { image: 'registry.k8s.io/kube-apiserver:v1.24.17' }) },
  ],
  invalid: [
    {
      name: 'before 1.25, neither PodSecurityPolicy nor SecurityContextDeny',
      code: api(['--admission-control=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,ServiceAccount'], { image: 'k8s.gcr.io/kube-apiserver-amd64:v1.9.0' }),
      errors: [{ message: 'on Kubernetes 1.9, neither PodSecurityPolicy nor SecurityContextDeny is enabled', line: 12, column: 11 }],
    },
    {
      name: 'PodSecurityPolicy on 1.25+ stops the API server',
      code: api([`${PLUGINS},PodSecurityPolicy`], { image: 'registry.k8s.io/kube-apiserver:v1.28.4' }),
      errors: [{ message: 'admission plugin PodSecurityPolicy was removed in Kubernetes 1.25; on Kubernetes 1.28 the API server will not start', line: 12, column: 109 }],
      output: api([PLUGINS], { image: 'registry.k8s.io/kube-apiserver:v1.28.4' }),
    },
    {
      name: 'SecurityContextDeny without a version in the image: latest assumed',
      code: api(['--enable-admission-plugins', 'NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,SecurityContextDeny'], { image: 'example.com/kube-apiserver@sha256:abc' }),
      errors: [{ message: 'SecurityContextDeny was removed in Kubernetes 1.30', line: 13, column: 82 }],
      output: api(['--enable-admission-plugins', 'NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs'], { image: 'example.com/kube-apiserver@sha256:abc' }),
    },
  ],
});

runRuleTests('CP006', {
  valid: [hardened, { name: 'insecure port 0', code: api(['--insecure-port=0']) }],
  invalid: [
    { name: 'insecure port on 1.31: removed', code: api(['--insecure-bind-address=0.0.0.0', '--insecure-port=8080', '--secure-port=0']), errors: [{ message: '--insecure-port=8080 serves the API over HTTP', line: 13, column: 11 }], output: api(['--insecure-bind-address=0.0.0.0', '--secure-port=0']) },
    { name: 'insecure port on 1.19: set to 0', code: api(['--insecure-port', '8080'], { image: 'k8s.gcr.io/kube-apiserver:v1.19.3' }), errors: [{ message: '--insecure-port=8080 serves the API over HTTP', line: 12, column: 11 }], output: api(['--insecure-port', '0'], { image: 'k8s.gcr.io/kube-apiserver:v1.19.3' }) },
  ],
});

runRuleTests('CP037', {
  valid: [hardened],
  invalid: [{ name: 'insecure bind address', code: api(['--insecure-bind-address=0.0.0.0', '--insecure-port=8080', '--secure-port=0']), errors: [{ message: '--insecure-bind-address=0.0.0.0 exposes the unauthenticated HTTP API', line: 12, column: 11 }], output: api(['--insecure-port=8080', '--secure-port=0']) }],
});

runRuleTests('CP038', {
  valid: [hardened],
  invalid: [{ name: 'secure port off', code: api(['--insecure-bind-address=0.0.0.0', '--insecure-port=8080', '--secure-port=0']), errors: [{ message: '--secure-port=0 turns off HTTPS serving', line: 14, column: 11 }], output: api(['--insecure-bind-address=0.0.0.0', '--insecure-port=8080', '--secure-port=6443']) }],
});

runRuleTests('CP007', {
  valid: [hardened, { name: 'scheduler with profiling off', code: staticPod('kube-scheduler', ['--profiling=false']) }],
  invalid: [
    { name: 'apiserver default', code: api([]), errors: [{ message: '--profiling is not set and defaults to true', line: 11, column: 11 }], output: api(['--profiling=false']) },
    { name: 'controller manager explicit', code: staticPod('kube-controller-manager', ['--profiling=true']), errors: [{ message: `container 'main' (kube-controller-manager): --profiling=true exposes /debug/pprof`, line: 12, column: 11 }], output: staticPod('kube-controller-manager', ['--profiling=false']) },
    { name: 'hyperkube scheduler', code: staticPod('hyperkube', ['scheduler', '--profiling=true'], { image: 'k8s.gcr.io/hyperkube:v1.15.0' }), errors: [{ message: '(kube-scheduler): --profiling=true', line: 13, column: 11 }], output: staticPod('hyperkube', ['scheduler', '--profiling=false'], { image: 'k8s.gcr.io/hyperkube:v1.15.0' }) },
  ],
});

const AUDIT = ['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10', '--audit-log-maxsize=100'];

runRuleTests('CP008', {
  valid: [hardened, { name: 'retention flags are other ids', code: api(['--audit-log-path=/var/log/audit.log']) }],
  invalid: [{ name: 'no audit log', code: api(AUDIT.slice(1)), errors: [{ message: 'audit logging is incomplete: set --audit-log-path (no audit log is written).', line: 11, column: 11 }] }],
});

runRuleTests('CP039', {
  valid: [hardened, { name: 'more than 30', code: api(['--audit-log-maxage=90']) }],
  invalid: [
    { name: 'missing', code: api(['--audit-log-path=/var/log/audit.log']), errors: [{ message: 'audit logging is incomplete: set --audit-log-maxage=30.', line: 11, column: 11 }], output: api(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30']) },
    { name: 'too short', code: api(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=7', '--audit-log-maxbackup=10']), errors: [{ message: '--audit-log-maxage=7 is below 30 days', line: 13, column: 11 }], output: api(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10']) },
  ],
});

runRuleTests('CP040', {
  valid: [hardened],
  invalid: [{ name: 'missing', code: api(['--audit-log-maxage=30']), errors: [{ message: 'audit logging is incomplete: set --audit-log-maxbackup=10.', line: 11, column: 11 }], output: api(['--audit-log-maxage=30', '--audit-log-maxbackup=10']) }],
});

runRuleTests('CP041', {
  valid: [hardened],
  invalid: [{ name: 'too small, two-item form', code: api(['--audit-log-maxsize', '50']), errors: [{ message: '--audit-log-maxsize=50 is below 100 megabytes', line: 12, column: 11, endLine: 13, endColumn: 13 }], output: api(['--audit-log-maxsize', '100']) }],
});

runRuleTests('CP009', {
  valid: [hardened, { name: 'two minutes', code: api(['--request-timeout=2m3s']) }],
  invalid: [
    { name: 'three hours', code: api(['--request-timeout=1s9m3h']), errors: [{ message: '--request-timeout=1s9m3h lets each request hold the API server for more than 5 minutes', line: 12, column: 11 }] },
    { name: 'not a duration', code: api(['--request-timeout=60']), errors: [{ message: '--request-timeout=60 is not a valid duration', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP010', {
  valid: [hardened, { name: 'lookup left at its default', code: api([]) }],
  invalid: [{ name: 'lookup off', code: api(['--service-account-lookup=false']), errors: [{ message: '--service-account-lookup=false accepts tokens of deleted service accounts', line: 12, column: 11 }], output: api(['--service-account-lookup=true']) }],
});

runRuleTests('CP042', {
  valid: [hardened],
  invalid: [
    { name: 'no key file', code: api(['--service-account-lookup=false']), errors: [{ message: '--service-account-key-file is not set', line: 11, column: 11 }] },
    { name: 'not a key file', code: api(['--service-account-key-file=/etc/kubernetes/pki/sa.txt']), errors: [{ message: 'does not look like a PEM key file', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP011', {
  valid: [hardened],
  invalid: [{ name: 'certificate only', code: api(['--etcd-certfile=/pki/etcd.crt']), errors: [{ message: '--etcd-keyfile is not set, so the API server cannot authenticate to etcd', line: 12, column: 11 }] }],
});

runRuleTests('CP043', {
  valid: [hardened],
  invalid: [{ name: 'no CA', code: api(['--etcd-certfile=/pki/etcd.crt']), errors: [{ message: '--etcd-cafile is not set', line: 11, column: 11 }] }],
});

runRuleTests('CP012', {
  valid: [hardened, { name: 'client CA is CP044', code: api(['--tls-cert-file=/pki/a.crt', '--tls-private-key-file=/pki/a.key']) }],
  invalid: [{
    name: 'empty values do not count',
    code: api(['--tls-cert-file', '--tls-private-key-file=', '--client-ca-file=/pki/ca.crt']),
    errors: [{ message: '--tls-cert-file and --tls-private-key-file are not set (or empty)', line: 12, column: 11 }],
  }],
});

runRuleTests('CP044', {
  valid: [hardened],
  invalid: [{ name: 'no client CA', code: api(['--tls-cert-file=/pki/a.crt', '--tls-private-key-file=/pki/a.key']), errors: [{ message: '--client-ca-file is not set, so client certificates cannot authenticate', line: 11, column: 11 }] }],
});

runRuleTests('CP013', {
  valid: [hardened],
  invalid: [{ name: 'no encryption config', code: api(['--anonymous-auth=false']), errors: [{ message: '--encryption-provider-config is not set, so Secrets are stored unencrypted in etcd', line: 11, column: 11 }] }],
});
