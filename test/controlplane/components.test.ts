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
    { name: 'TLS 1.0 allowed', code: staticPod('kube-apiserver', ['--tls-min-version=VersionTLS10']), errors: [{ message: '--tls-min-version=VersionTLS10 allows TLS 1.0/1.1', line: 12, column: 11 }] },
    { name: 'KubeletConfiguration', code: kubeletConfig('tlsCipherSuites:\n  - TLS_RSA_WITH_AES_128_CBC_SHA\n'), errors: [{ message: `KubeletConfiguration: tlsCipherSuites includes 'TLS_RSA_WITH_AES_128_CBC_SHA'`, line: 4, column: 5 }] },
  ],
});

runRuleTests('CP015', {
  valid: [{ name: 'hardened controller manager', code: staticPod('kube-controller-manager', HARDENED_CONTROLLER_MANAGER) }],
  invalid: [
    {
      name: 'defaults',
      code: staticPod('kube-controller-manager', []),
      errors: [
        { message: '--use-service-account-credentials is not set (default false)', line: 11, column: 11 },
        { message: '--service-account-private-key-file is not set', line: 11, column: 11 },
        { message: '--root-ca-file is not set', line: 11, column: 11 },
      ],
    },
    {
      name: 'credentials off, files that are not PEM',
      code: staticPod('kube-controller-manager', ['--use-service-account-credentials=false', '--service-account-private-key-file=public.txt', '--root-ca-file=/etc/ca.crt']),
      errors: [
        { message: '--use-service-account-credentials=false', line: 12, column: 11 },
        { message: '--service-account-private-key-file=public.txt does not look like a PEM file', line: 13, column: 11 },
      ],
    },
  ],
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
  ],
  invalid: [
    {
      name: 'feature gate off on the controller manager',
      code: staticPod('kube-controller-manager', ['--feature-gates=Foo=true,RotateKubeletServerCertificate=false']),
      errors: [{ message: '--feature-gates turns RotateKubeletServerCertificate off', line: 12, column: 36, endLine: 12, endColumn: 72 }],
    },
    { name: 'kubelet client certificate rotation off', code: staticPod('kubelet', ['--rotate-certificates=false']), errors: [{ message: `(kubelet): --rotate-certificates=false keeps the kubelet's client certificate until it expires`, line: 12, column: 11 }] },
    {
      name: 'KubeletConfiguration',
      code: kubeletConfig('rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n'),
      errors: [
        { message: 'rotateCertificates: false', line: 3, column: 1, endLine: 3, endColumn: 26 },
        { message: 'featureGates.RotateKubeletServerCertificate: false', line: 5, column: 3 },
      ],
    },
  ],
});

runRuleTests('CP018', {
  valid: [{ name: 'loopback', code: staticPod('kube-scheduler', ['--bind-address=127.0.0.1']) }, { name: 'not these components', code: staticPod('kube-apiserver', ['--bind-address=0.0.0.0']) }],
  invalid: [
    { name: 'scheduler default', code: staticPod('kube-scheduler', []), errors: [{ message: '(kube-scheduler): --bind-address is not set (default 0.0.0.0)', line: 11, column: 11 }] },
    { name: 'controller manager on all interfaces', code: staticPod('kube-controller-manager', ['--bind-address', '0.0.0.0']), errors: [{ message: '--bind-address=0.0.0.0, so its endpoints listen on every interface', line: 12, column: 11, endLine: 13, endColumn: 18 }] },
  ],
});

runRuleTests('CP019', {
  valid: [{ name: 'hardened etcd', code: staticPod('etcd', HARDENED_ETCD) }],
  invalid: [
    {
      name: 'etcd from its image, with args only',
      code: staticPod('etcd', ['--name=etcd0', '--auto-tls=true', '--peer-auto-tls', '--client-cert-auth=false'], { argsOnly: true, image: 'quay.io/coreos/etcd:v3.5.9' }),
      errors: [
        { message: `container 'main' (etcd): --cert-file and --key-file are not set`, line: 9, column: 14 },
        { message: '--peer-cert-file and --peer-key-file are not set', line: 9, column: 14 },
        { message: '--peer-client-cert-auth is not set (default false)', line: 9, column: 14 },
        { message: '--auto-tls=true serves clients with a self-signed certificate', line: 12, column: 11 },
        { message: '--peer-auto-tls=true uses self-signed peer certificates', line: 13, column: 11 },
        { message: '--client-cert-auth=false, so etcd accepts clients without a certificate', line: 14, column: 11 },
      ],
    },
  ],
});

runRuleTests('CP020', {
  valid: [
    { name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) },
    { name: 'config file may set the fields', code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml']) },
    { name: 'KubeletConfiguration defaults are secure', code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n') },
  ],
  invalid: [
    {
      name: 'flags only, defaults',
      code: staticPod('kubelet', ['--kubeconfig=/etc/kubernetes/kubelet.conf']),
      errors: [
        { message: '--anonymous-auth is not set and no --config file is used', line: 11, column: 11 },
        { message: '--authorization-mode is not set and no --config file is used', line: 11, column: 11 },
        { message: '--client-ca-file is not set and no --config file is used', line: 11, column: 11 },
      ],
    },
    {
      name: 'explicit anonymous and AlwaysAllow',
      code: staticPod('kubelet', ['--config=/var/lib/kubelet/config.yaml', '--anonymous-auth=true', '--authorization-mode=AlwaysAllow']),
      errors: [
        { message: '--anonymous-auth=true lets unauthenticated clients use the kubelet API', line: 13, column: 11 },
        { message: '--authorization-mode=AlwaysAllow authorizes every kubelet API request', line: 14, column: 11 },
      ],
    },
    { name: 'not a kubelet mode', code: staticPod('kubelet', ['--config=/c.yaml', '--authorization-mode=RBAC,node']), errors: [{ message: `--authorization-mode=RBAC,node is not a kubelet authorization mode`, line: 13, column: 11 }] },
    {
      name: 'KubeletConfiguration',
      code: kubeletConfig('authentication:\n  anonymous:\n    enabled: yes\n  webhook:\n    enabled: false\nauthorization:\n  mode: AlwaysAllow\n'),
      errors: [
        { message: 'authentication.anonymous.enabled: true', line: 5, column: 5 },
        { message: 'authentication.webhook.enabled: false', line: 7, column: 5 },
        { message: 'authorization.mode: AlwaysAllow', line: 9, column: 3 },
      ],
    },
  ],
});

runRuleTests('CP021', {
  valid: [{ name: 'port 0', code: staticPod('kubelet', HARDENED_KUBELET) }, { name: 'config object default', code: kubeletConfig('readOnlyPort: 0\n') }],
  invalid: [
    { name: 'explicit port', code: staticPod('kubelet', ['--config=/c.yaml', '--read-only-port=10255']), errors: [{ message: '--read-only-port=10255 serves pod specs and node data over HTTP without authentication', line: 13, column: 11 }] },
    { name: 'flags only', code: staticPod('kubelet', []), errors: [{ message: 'the unauthenticated read-only port 10255 is open', line: 11, column: 11 }] },
    { name: 'KubeletConfiguration', code: kubeletConfig('readOnlyPort: 10255\n'), errors: [{ message: 'readOnlyPort: 10255', line: 3, column: 1 }] },
  ],
});

runRuleTests('CP022', {
  valid: [{ name: 'hardened kubelet', code: staticPod('kubelet', HARDENED_KUBELET) }],
  invalid: [
    {
      name: 'CIS kubelet flags',
      code: staticPod('kubelet', ['--streaming-connection-idle-timeout=0', '--protect-kernel-defaults=false', '--make-iptables-util-chains=false', '--hostname-override=check.io', '--tls-cert-file=test.pem']),
      errors: [
        { message: '--streaming-connection-idle-timeout=0 never closes idle exec', line: 12, column: 11 },
        { message: '--protect-kernel-defaults=false', line: 13, column: 11 },
        { message: '--make-iptables-util-chains=false', line: 14, column: 11 },
        { message: '--hostname-override=check.io', line: 15, column: 11 },
        { message: '--tls-cert-file is set without --tls-private-key-file', line: 16, column: 11 },
      ],
    },
    {
      name: 'KubeletConfiguration',
      code: kubeletConfig('streamingConnectionIdleTimeout: 0s\nprotectKernelDefaults: false\ntlsPrivateKeyFile: /k.key\n'),
      errors: [
        { message: 'streamingConnectionIdleTimeout 0s', line: 3, column: 1 },
        { message: 'protectKernelDefaults: false', line: 4, column: 1 },
        { message: 'tlsPrivateKeyFile is set without tlsCertFile', line: 5, column: 1 },
      ],
    },
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
