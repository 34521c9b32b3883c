import { runRuleTests } from '../ruleTester';
import { staticPod, HARDENED_APISERVER, HARDENED_CONTROLLER_MANAGER, HARDENED_ETCD, HARDENED_KUBELET } from './helpers';

const kubeletConfig = (body: string) => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
${body}`;

runRuleTests('CP014', {
  valid: [
    { name: 'hardened API server', code: staticPod('kube-apiserver', HARDENED_APISERVER) },
    { name: 'no cipher list: Go defaults', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml']) },
    { name: 'KubeletConfiguration with strong suites', code: kubeletConfig('tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\ntlsMinVersion: VersionTLS12\n') },
    { name: 'the minimum version is CP045', code: staticPod('kube-apiserver', ['--tls-min-version=VersionTLS10']) },
  ],
  invalid: [
    {
      name: 'weak and unknown suites on the kubelet (Pod named otherwise)',
      code: staticPod('kubelet', ['--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_64_GCM_SHA256'], { name: 'kube-apiserver' }),
      errors: [
        { message: `(kubelet): --tls-cipher-suites includes 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', which is not a strong cipher suite.`, line: 12, column: 31, endLine: 12, endColumn: 60 },
        { message: `'TLS_ECDHE_ECDSA_WITH_AES_64_GCM_SHA256', which is not a strong cipher suite (or not a known one)`, line: 12, column: 99 },
      ],
    },
    { name: 'KubeletConfiguration', code: kubeletConfig('tlsCipherSuites:\n  - TLS_RSA_WITH_AES_128_CBC_SHA\n'), errors: [{ message: `KubeletConfiguration: tlsCipherSuites includes 'TLS_RSA_WITH_AES_128_CBC_SHA'`, line: 4, column: 5 }] },
  ],
});

runRuleTests('CP045', {
  valid: [{ name: 'hardened API server', code: staticPod('kube-apiserver', HARDENED_APISERVER) }, { name: 'TLS 1.3', code: kubeletConfig('tlsMinVersion: VersionTLS13\n') }],
  invalid: [
    { name: 'TLS 1.0 allowed', code: staticPod('kube-apiserver', ['--tls-min-version=VersionTLS10']), errors: [{ message: '--tls-min-version=VersionTLS10 allows TLS 1.0/1.1', line: 12, column: 11 }], output: staticPod('kube-apiserver', ['--tls-min-version=VersionTLS12']) },
    { name: 'KubeletConfiguration', code: kubeletConfig('tlsMinVersion: VersionTLS11  # legacy clients\n'), errors: [{ message: 'tlsMinVersion VersionTLS11 allows TLS 1.0/1.1', line: 3, column: 16 }], output: kubeletConfig('tlsMinVersion: VersionTLS12  # legacy clients\n') },
  ],
});

runRuleTests('CP015', {
  valid: [{ name: 'hardened controller manager', code: staticPod('kube-controller-manager', HARDENED_CONTROLLER_MANAGER) }],
  invalid: [
    { name: 'default', code: staticPod('kube-controller-manager', []), errors: [{ message: '--use-service-account-credentials is not set (default false)', line: 11, column: 11 }], output: staticPod('kube-controller-manager', ['--use-service-account-credentials=true']) },
    { name: 'credentials off', code: staticPod('kube-controller-manager', ['--use-service-account-credentials=false', '--root-ca-file=/etc/ca.crt']), errors: [{ message: '--use-service-account-credentials=false', line: 12, column: 11 }], output: staticPod('kube-controller-manager', ['--use-service-account-credentials=true', '--root-ca-file=/etc/ca.crt']) },
  ],
});

runRuleTests('CP046', {
  valid: [{ name: 'hardened controller manager', code: staticPod('kube-controller-manager', HARDENED_CONTROLLER_MANAGER) }],
  invalid: [
    { name: 'default', code: staticPod('kube-controller-manager', []), errors: [{ message: '--service-account-private-key-file is not set', line: 11, column: 11 }] },
    { name: 'not PEM', code: staticPod('kube-controller-manager', ['--service-account-private-key-file=public.txt']), errors: [{ message: '--service-account-private-key-file=public.txt does not look like a PEM file', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP047', {
  valid: [{ name: 'hardened controller manager', code: staticPod('kube-controller-manager', HARDENED_CONTROLLER_MANAGER) }],
  invalid: [{ name: 'default', code: staticPod('kube-controller-manager', []), errors: [{ message: '--root-ca-file is not set', line: 11, column: 11 }] }],
});

runRuleTests('CP016', {
  valid: [{ name: 'threshold set', code: staticPod('kube-controller-manager', HARDENED_CONTROLLER_MANAGER) }],
  invalid: [
    { name: 'missing', code: staticPod('kube-controller-manager', []), errors: [{ message: '--terminated-pod-gc-threshold is not set', line: 11, column: 11 }] },
    { name: 'zero turns it off', code: staticPod('kube-controller-manager', ['--terminated-pod-gc-threshold=0']), errors: [{ message: '--terminated-pod-gc-threshold=0 turns garbage collection of terminated pods off', line: 12, column: 11 }] },
  ],
});

runRuleTests('CP017', {
  valid: [
    { name: 'rotation on', code: staticPod('kubelet', HARDENED_KUBELET) },
    { name: 'other feature gates', code: staticPod('kube-controller-manager', ['--feature-gates=Foo=false,RotateKubeletServerCertificate=true']) },
    { name: 'client certificate rotation is CP048', code: staticPod('kubelet', ['--rotate-certificates=false']) },
  ],
  invalid: [
    {
      name: 'feature gate off on the controller manager',
      code: staticPod('kube-controller-manager', ['--feature-gates=Foo=true,RotateKubeletServerCertificate=false']),
      errors: [{ message: '--feature-gates turns RotateKubeletServerCertificate off', line: 12, column: 36, endLine: 12, endColumn: 72 }],
      output: staticPod('kube-controller-manager', ['--feature-gates=Foo=true,RotateKubeletServerCertificate=true']),
    },
    {
      name: 'KubeletConfiguration',
      code: kubeletConfig('rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n'),
      errors: [{ message: 'featureGates.RotateKubeletServerCertificate: false', line: 5, column: 3 }],
      output: kubeletConfig('rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: true\n'),
    },
  ],
});

runRuleTests('CP048', {
  valid: [{ name: 'rotation on', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    { name: 'kubelet client certificate rotation off', code: staticPod('kubelet', ['--rotate-certificates=false']), errors: [{ message: `(kubelet): --rotate-certificates=false keeps the kubelet's client certificate until it expires`, line: 12, column: 11 }], output: staticPod('kubelet', ['--rotate-certificates=true']) },
    { name: 'KubeletConfiguration', code: kubeletConfig('rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n'), errors: [{ message: 'rotateCertificates: false', line: 3, column: 1, endLine: 3, endColumn: 26 }], output: kubeletConfig('rotateCertificates: true\nfeatureGates:\n  RotateKubeletServerCertificate: false\n') },
  ],
});

runRuleTests('CP018', {
  valid: [{ name: 'loopback', code: staticPod('kube-scheduler', ['--bind-address=127.0.0.1']) }, { name: 'not these components', code: staticPod('kube-apiserver', ['--bind-address=0.0.0.0']) }],
  invalid: [
    { name: 'scheduler default', code: staticPod('kube-scheduler', []), errors: [{ message: '(kube-scheduler): --bind-address is not set (default 0.0.0.0)', line: 11, column: 11 }], output: staticPod('kube-scheduler', ['--bind-address=127.0.0.1']) },
    { name: 'controller manager on all interfaces', code: staticPod('kube-controller-manager', ['--bind-address', '0.0.0.0']), errors: [{ message: '--bind-address=0.0.0.0, so its endpoints listen on every interface', line: 12, column: 11, endLine: 13, endColumn: 18 }], output: staticPod('kube-controller-manager', ['--bind-address', '127.0.0.1']) },
  ],
});

const etcdArgs = (flags: string[]) => staticPod('etcd', flags, { argsOnly: true, image: 'quay.io/coreos/etcd:v3.5.9' });
const BAD_ETCD = ['--name=etcd0', '--auto-tls=true', '--peer-auto-tls', '--client-cert-auth=false'];

runRuleTests('CP019', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [{ name: 'etcd from its image, with args only', code: etcdArgs(BAD_ETCD), errors: [{ message: `container 'main' (etcd): --cert-file and --key-file are not set`, line: 9, column: 14 }] }],
});

runRuleTests('CP049', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [
    { name: 'explicit false', code: etcdArgs(BAD_ETCD), errors: [{ message: '--client-cert-auth=false, so etcd accepts clients without a certificate', line: 14, column: 11 }], output: etcdArgs(['--name=etcd0', '--auto-tls=true', '--peer-auto-tls', '--client-cert-auth=true']) },
    { name: 'not set: added to args', code: etcdArgs(['--name=etcd0']), errors: [{ message: '--client-cert-auth is not set (default false)', line: 9, column: 14 }], output: etcdArgs(['--name=etcd0', '--client-cert-auth=true']) },
  ],
});

runRuleTests('CP050', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [{ name: 'auto TLS', code: etcdArgs(BAD_ETCD), errors: [{ message: '--auto-tls=true serves clients with a self-signed certificate', line: 12, column: 11 }], output: etcdArgs(['--name=etcd0', '--auto-tls=false', '--peer-auto-tls', '--client-cert-auth=false']) }],
});

runRuleTests('CP051', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [{ name: 'no peer certificate', code: etcdArgs(BAD_ETCD), errors: [{ message: '--peer-cert-file and --peer-key-file are not set', line: 9, column: 14 }] }],
});

runRuleTests('CP052', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [{ name: 'not set', code: etcdArgs(BAD_ETCD), errors: [{ message: '--peer-client-cert-auth is not set (default false)', line: 9, column: 14 }], output: etcdArgs([...BAD_ETCD, '--peer-client-cert-auth=true']) }],
});

runRuleTests('CP053', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [{ name: 'bare flag', code: etcdArgs(BAD_ETCD), errors: [{ message: '--peer-auto-tls=true uses self-signed peer certificates', line: 13, column: 11 }], output: etcdArgs(['--name=etcd0', '--auto-tls=true', '--peer-auto-tls=false', '--client-cert-auth=false']) }],
});

runRuleTests('CP020', {
  valid: [
    { name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) },
    { name: 'config file may set the fields', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml']) },
    { name: 'KubeletConfiguration defaults are secure', code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n') },
  ],
  invalid: [
    { name: 'flags only, default', code: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf']), errors: [{ message: '--anonymous-auth is not set and no --config file is used', line: 11, column: 11 }], output: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf', '--anonymous-auth=false']) },
    { name: 'explicit anonymous', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml', '--anonymous-auth=true', '--authorization-mode=AlwaysAllow']), errors: [{ message: '--anonymous-auth=true lets unauthenticated clients use the kubelet API', line: 13, column: 11 }], output: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml', '--anonymous-auth=false', '--authorization-mode=AlwaysAllow']) },
    { name: 'KubeletConfiguration', code: kubeletConfig('authentication:\n  anonymous:\n    enabled: yes\n  webhook:\n    enabled: false\n'), errors: [{ message: 'authentication.anonymous.enabled: true', line: 5, column: 5 }], output: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: false\n') },
  ],
});

runRuleTests('CP054', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'config file may set the mode', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml']) }],
  invalid: [
    { name: 'flags only, default', code: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf']), errors: [{ message: '--authorization-mode is not set and no --config file is used', line: 11, column: 11 }], output: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf', '--authorization-mode=Webhook']) },
    { name: 'AlwaysAllow', code: staticPod('kubelet', ['--config=/c.yaml', '--authorization-mode=AlwaysAllow']), errors: [{ message: '--authorization-mode=AlwaysAllow authorizes every kubelet API request', line: 13, column: 11 }], output: staticPod('kubelet', ['--config=/c.yaml', '--authorization-mode=Webhook']) },
    { name: 'not a kubelet mode', code: staticPod('kubelet', ['--config=/c.yaml', '--authorization-mode=RBAC,node']), errors: [{ message: `--authorization-mode=RBAC,node is not a kubelet authorization mode`, line: 13, column: 11 }], output: staticPod('kubelet', ['--config=/c.yaml', '--authorization-mode=Webhook']) },
    { name: 'KubeletConfiguration', code: kubeletConfig('authorization:\n  mode: AlwaysAllow\n'), errors: [{ message: 'authorization.mode: AlwaysAllow', line: 4, column: 3 }], output: kubeletConfig('authorization:\n  mode: Webhook\n') },
  ],
});

runRuleTests('CP055', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'config file may set the CA', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml']) }],
  invalid: [{ name: 'flags only', code: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf']), errors: [{ message: '--client-ca-file is not set and no --config file is used', line: 11, column: 11 }] }],
});

runRuleTests('CP056', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'webhook on', code: kubeletConfig('authentication:\n  webhook:\n    enabled: true\n') }],
  invalid: [{ name: 'KubeletConfiguration', code: kubeletConfig('authentication:\n  anonymous:\n    enabled: yes\n  webhook:\n    enabled: false\n'), errors: [{ message: 'authentication.webhook.enabled: false', line: 7, column: 5 }], output: kubeletConfig('authentication:\n  anonymous:\n    enabled: yes\n  webhook:\n    enabled: true\n') }],
});

runRuleTests('CP021', {
  valid: [{ name: 'port 0', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'config object default', code: kubeletConfig('readOnlyPort: 0\n') }],
  invalid: [
    { name: 'explicit port', code: staticPod('kubelet', ['--config=/c.yaml', '--read-only-port=10255']), errors: [{ message: '--read-only-port=10255 serves pod specs and node data over HTTP without authentication', line: 13, column: 11 }], output: staticPod('kubelet', ['--config=/c.yaml', '--read-only-port=0']) },
    { name: 'flags only', code: staticPod('kubelet', []), errors: [{ message: 'the unauthenticated read-only port 10255 is open', line: 11, column: 11 }], output: staticPod('kubelet', ['--read-only-port=0']) },
    { name: 'KubeletConfiguration', code: kubeletConfig('readOnlyPort: 10255 # metrics\n'), errors: [{ message: 'readOnlyPort: 10255', line: 3, column: 1 }], output: kubeletConfig('readOnlyPort: 0 # metrics\n') },
  ],
});

const BAD_KUBELET = ['--streaming-connection-idle-timeout=0', '--protect-kernel-defaults=false', '--make-iptables-util-chains=false', '--hostname-override=check.io', '--tls-cert-file=test.pem'];
const BAD_KUBELET_CONFIG = 'streamingConnectionIdleTimeout: 0s\nprotectKernelDefaults: false\nmakeIPTablesUtilChains: false\ntlsPrivateKeyFile: /k.key\n';

runRuleTests('CP022', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    { name: 'CIS kubelet flags', code: staticPod('kubelet', BAD_KUBELET), errors: [{ message: '--streaming-connection-idle-timeout=0 never closes idle exec', line: 12, column: 11 }] },
    { name: 'KubeletConfiguration', code: kubeletConfig(BAD_KUBELET_CONFIG), errors: [{ message: 'streamingConnectionIdleTimeout 0s', line: 3, column: 1 }] },
  ],
});

runRuleTests('CP057', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    { name: 'flag', code: staticPod('kubelet', BAD_KUBELET), errors: [{ message: '--protect-kernel-defaults=false lets the kubelet and pods change kernel settings', line: 13, column: 11 }], output: staticPod('kubelet', BAD_KUBELET.map((f) => f.replace('--protect-kernel-defaults=false', '--protect-kernel-defaults=true'))) },
    { name: 'KubeletConfiguration', code: kubeletConfig(BAD_KUBELET_CONFIG), errors: [{ message: 'protectKernelDefaults: false', line: 4, column: 1 }], output: kubeletConfig(BAD_KUBELET_CONFIG.replace('protectKernelDefaults: false', 'protectKernelDefaults: true')) },
  ],
});

runRuleTests('CP058', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    { name: 'flag', code: staticPod('kubelet', BAD_KUBELET), errors: [{ message: '--make-iptables-util-chains=false', line: 14, column: 11 }], output: staticPod('kubelet', BAD_KUBELET.map((f) => f.replace('--make-iptables-util-chains=false', '--make-iptables-util-chains=true'))) },
    { name: 'KubeletConfiguration', code: kubeletConfig(BAD_KUBELET_CONFIG), errors: [{ message: 'makeIPTablesUtilChains: false stops the kubelet from managing its iptables chains', line: 5, column: 1 }], output: kubeletConfig(BAD_KUBELET_CONFIG.replace('makeIPTablesUtilChains: false', 'makeIPTablesUtilChains: true')) },
  ],
});

runRuleTests('CP059', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [{ name: 'hostname override', code: staticPod('kubelet', BAD_KUBELET), errors: [{ message: '--hostname-override=check.io', line: 15, column: 11 }], output: staticPod('kubelet', BAD_KUBELET.filter((f) => !f.startsWith('--hostname-override'))) }],
});

runRuleTests('CP060', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    { name: 'certificate without key', code: staticPod('kubelet', BAD_KUBELET), errors: [{ message: '--tls-cert-file is set without --tls-private-key-file', line: 16, column: 11 }] },
    { name: 'KubeletConfiguration', code: kubeletConfig(BAD_KUBELET_CONFIG), errors: [{ message: 'tlsPrivateKeyFile is set without tlsCertFile', line: 6, column: 1 }] },
  ],
});

runRuleTests('CP023', {
  valid: [{ name: 'zero', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'low level', code: staticPod('kubelet', ['--event-qps=2']) }],
  invalid: [
    { name: 'above the CIS level', code: staticPod('kubelet', ['--event-qps=6']), errors: [{ message: '--event-qps=6 lets the kubelet send 6 events per second', line: 12, column: 11 }] },
    { name: 'KubeletConfiguration', code: kubeletConfig('eventRecordQPS: 50\n'), errors: [{ message: 'eventRecordQPS: 50 is above the CIS level', line: 3, column: 1 }] },
  ],
});

const auditPolicy = (rules: string) => `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
${rules}`;

runRuleTests('CP024', {
  valid: [
    { name: 'secrets at Metadata first', code: auditPolicy('  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps"]\n  - level: RequestResponse\n') },
    { name: 'RequestResponse only for pods', code: auditPolicy('  - level: RequestResponse\n    resources:\n      - group: ""\n        resources: ["pods"]\n  - level: Metadata\n') },
    { name: 'not an audit policy', code: 'apiVersion: policy/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n' },
  ],
  invalid: [
    {
      name: 'catch-all RequestResponse',
      code: auditPolicy('  - level: None\n    users: ["system:kube-proxy"]\n  - level: RequestResponse\n'),
      errors: [{ message: `Policy: rules[1] is the first rule matching Secrets and logs them at RequestResponse`, line: 6, column: 12, endLine: 6, endColumn: 27 }],
    },
    {
      name: 'a conditional rule, then an unconditional one',
      code: auditPolicy('  - level: Request\n    verbs: ["get"]\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  - level: Metadata\n  - level: RequestResponse\n'),
      errors: [{ message: 'rules[0] is the first rule matching Secrets (for some users, verbs or namespaces) and logs them at Request', line: 4, column: 12 }],
    },
  ],
});
