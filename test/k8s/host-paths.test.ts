/** Host path rules: K8S022 (runtime sockets), K8S023 (sensitive paths), K8S024 (writable host mounts). */
import { runRuleTests } from '../ruleTester';

const pod = (volumes: string, mounts = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
${mounts}  volumes:
${volumes}`;

runRuleTests('K8S022', {
  valid: [
    { name: 'ordinary hostPath and emptyDir', code: pod('    - name: logs\n      hostPath:\n        path: /var/log/app\n    - name: tmp\n      emptyDir: {}\n') },
    { name: 'a file that merely ends in sock', code: pod('    - name: s\n      hostPath:\n        path: /srv/app/app.sock\n') },
  ],
  invalid: [
    {
      name: 'docker, containerd (with a trailing slash-free normalised path) and the crio directory; names the mounting container',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
        - name: containerd
          hostPath:
            path: //run//containerd/containerd.sock
        - name: crio
          hostPath:
            path: /var/run/crio/
`,
      errors: [
        { line: 17, column: 13, endLine: 17, endColumn: 39, message: "DaemonSet 'agent': hostPath volume 'docker' exposes the container runtime socket /var/run/docker.sock mounted by container 'agent'" },
        { line: 20, column: 13, message: "hostPath volume 'containerd' exposes the container runtime socket /run/containerd/containerd.sock;" },
        { line: 23, column: 13, message: "'crio' exposes the container runtime socket /var/run/crio (a directory holding the runtime socket)" },
      ],
    },
  ],
});

runRuleTests('K8S023', {
  valid: [
    { name: 'application paths', code: pod('    - name: a\n      hostPath:\n        path: /var/log/app\n    - name: b\n      hostPath:\n        path: /data/cache\n') },
    { name: 'runtime sockets are K8S022\'s', code: pod('    - name: a\n      hostPath:\n        path: /var/run/docker.sock\n') },
    { name: '/etcd is not /etc', code: pod('    - name: a\n      hostPath:\n        path: /etcd-backup\n') },
  ],
  invalid: [
    {
      name: 'root, /proc, a file under /etc, the kubelet directory, /var/run itself (normalised)',
      code: pod(`    - name: root
      hostPath:
        path: /
    - name: proc
      hostPath:
        path: /proc
    - name: shadow
      hostPath:
        path: /etc/shadow
    - name: kubelet
      hostPath:
        path: /var/lib/kubelet/pods
    - name: run
      hostPath:
        path: /var/run/
`),
      errors: [
        { line: 12, column: 9, endLine: 12, endColumn: 16, message: "Pod 'p': hostPath volume 'root' mounts the sensitive host path /;" },
        { line: 15, column: 9, endLine: 15, endColumn: 20, message: "hostPath volume 'proc' mounts the sensitive host path /proc;" },
        { line: 18, column: 9, message: "hostPath volume 'shadow' mounts /etc/shadow, inside the sensitive host path /etc" },
        { line: 21, column: 9, message: "'kubelet' mounts /var/lib/kubelet/pods, inside the sensitive host path /var/lib/kubelet" },
        { line: 24, column: 9, message: "'run' mounts /var/run/, inside the sensitive host path /var/run" },
      ],
    },
  ],
});

runRuleTests('K8S024', {
  valid: [
    {
      name: 'read-only mount (YAML 1.1 true spelled on), non-hostPath volume mounted writable',
      code: pod('    - name: logs\n      hostPath:\n        path: /var/log/app\n    - name: tmp\n      emptyDir: {}\n',
        '      volumeMounts:\n        - name: logs\n          mountPath: /host/logs\n          readOnly: on\n        - name: tmp\n          mountPath: /tmp\n'),
    },
    { name: 'hostPath volume nobody mounts', code: pod('    - name: logs\n      hostPath:\n        path: /var/log/app\n') },
  ],
  invalid: [
    {
      name: 'readOnly missing (points at the mount name) and readOnly false (points at the pair); init container too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      volumeMounts:
        - name: logs
          mountPath: /host/logs
          readOnly: false
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: logs
          mountPath: /host/logs
  volumes:
    - name: logs
      hostPath:
        path: /var/log/app
`,
      errors: [
        { line: 12, column: 11, endLine: 12, endColumn: 26, message: "Pod 'p', init container 'init': volumeMount 'logs' mounts hostPath /var/log/app writable; set readOnly: true" },
        { line: 17, column: 11, endLine: 17, endColumn: 21, message: "container 'app': volumeMount 'logs' mounts hostPath /var/log/app writable" },
      ],
    },
  ],
});
