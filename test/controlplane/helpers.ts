/** Static pod manifests for the control-plane rule tests: the executable is on line 11 (column 11), flags from line 12 on. */
export function staticPod(component: string, flags: string[], opts: { image?: string; name?: string; argsOnly?: boolean } = {}): string {
  const image = opts.image ?? `registry.k8s.io/${component}:v1.31.2`;
  const list = (opts.argsOnly ? flags : [component, ...flags]).map((f) => `        - ${f}`).join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${opts.name ?? component}
  namespace: kube-system
spec:
  containers:
    - name: main
      image: ${image}
      ${opts.argsOnly ? 'args' : 'command'}:
${list}
`;
}

export const HARDENED_APISERVER = [
  '--anonymous-auth=false',
  '--authorization-mode=Node,RBAC',
  '--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs',
  '--admission-control-config-file=/etc/kubernetes/admission.yaml',
  '--profiling=false',
  '--audit-policy-file=/etc/kubernetes/audit-policy.yaml',
  '--audit-log-path=/var/log/kubernetes/audit.log',
  '--audit-log-maxage=30',
  '--audit-log-maxbackup=10',
  '--audit-log-maxsize=100',
  '--request-timeout=60s',
  '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
  '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
  '--client-ca-file=/etc/kubernetes/pki/ca.crt',
  '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
  '--encryption-provider-config=/etc/kubernetes/encryption.yaml',
  '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  '--secure-port=6443',
];

export const HARDENED_CONTROLLER_MANAGER = [
  '--profiling=false',
  '--bind-address=127.0.0.1',
  '--use-service-account-credentials=true',
  '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
  '--root-ca-file=/etc/kubernetes/pki/ca.crt',
  '--terminated-pod-gc-threshold=10',
  '--feature-gates=RotateKubeletServerCertificate=true',
];

export const HARDENED_ETCD = [
  '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
  '--key-file=/etc/kubernetes/pki/etcd/server.key',
  '--client-cert-auth=true',
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  '--peer-client-cert-auth=true',
];

export const HARDENED_KUBELET = [
  '--anonymous-auth=false',
  '--authorization-mode=Webhook',
  '--client-ca-file=/etc/kubernetes/pki/ca.crt',
  '--read-only-port=0',
  '--streaming-connection-idle-timeout=5m',
  '--protect-kernel-defaults=true',
  '--rotate-certificates=true',
  '--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt',
  '--tls-private-key-file=/var/lib/kubelet/pki/kubelet.key',
  '--event-qps=0',
];
