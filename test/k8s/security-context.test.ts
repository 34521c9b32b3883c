/** Workload securityContext rules: K8S020, K8S021, K8S025-K8S027, K8S048-K8S050. */
import { runRuleTests } from '../ruleTester';

runRuleTests('K8S020', {
  valid: [
    {
      name: 'every container, init container included, sets readOnlyRootFilesystem (YAML 1.1 yes/True)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: yes
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: True
`,
    },
    {
      name: 'value shared through an anchor and a merge key',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx:1.27
          securityContext: &sc
            readOnlyRootFilesystem: true
        - name: b
          image: nginx:1.27
          securityContext:
            <<: *sc
`,
    },
    {
      name: 'Windows pods cannot set the field',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  os:
    name: windows
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
    },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n' },
  ],
  invalid: [
    {
      name: 'false (YAML 1.1 off), unset with a securityContext, no securityContext; init container too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: off
    - name: side
      image: envoy:1.30
      securityContext:
        runAsNonRoot: true
`,
      errors: [
        { line: 7, column: 7, endLine: 7, endColumn: 17, messageId: 'notSet', data: { who: "Pod 'p', init container 'init'" } },
        { line: 13, column: 9, endLine: 13, endColumn: 36, messageId: 'notTrue', data: { who: "Pod 'p', container 'app'", value: 'false' } },
        { line: 16, column: 7, endLine: 16, endColumn: 22, messageId: 'notSet' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        readOnlyRootFilesystem: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
    - name: side
      image: envoy:1.30
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'a pod-level readOnlyRootFilesystem does not exist in Kubernetes and covers nothing',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    readOnlyRootFilesystem: true
  containers:
    - name: app
      image: nginx:1.27
`,
      errors: [{ line: 9, column: 7, message: "container 'app': securityContext.readOnlyRootFilesystem is not set" }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    readOnlyRootFilesystem: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
`,
    },
  ],
});

runRuleTests('K8S021', {
  valid: [
    {
      name: 'drop ALL, drop NET_RAW, case-insensitive and CAP_ prefix as runtimes accept',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [ALL]
    - name: b
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: ["net_raw"]
    - name: c
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [CAP_NET_RAW]
          add: [NET_BIND_SERVICE]
`,
    },
  ],
  invalid: [
    {
      name: 'not dropped: no securityContext, no capabilities, drop without NET_RAW; NET_RAW or ALL added',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: nginx:1.27
    - name: b
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
    - name: c
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [CHOWN]
    - name: d
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_RAW]
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities:
          add: ["all"]
`,
      errors: [
        { line: 7, column: 7, endLine: 7, endColumn: 14, message: "Pod 'p', container 'a': NET_RAW is not dropped" },
        { line: 11, column: 7, endLine: 11, endColumn: 22, message: "container 'b': NET_RAW is not dropped" },
        { line: 17, column: 11, endLine: 17, endColumn: 15, message: "container 'c': NET_RAW is not dropped" },
        { line: 23, column: 17, endLine: 23, endColumn: 24, message: "container 'd': securityContext.capabilities.add contains NET_RAW" },
        { line: 29, column: 17, endLine: 29, endColumn: 22, message: "ephemeral container 'debug': securityContext.capabilities.add contains all" },
      ],
    },
  ],
});

runRuleTests('K8S025', {
  valid: [
    {
      name: 'pod-level high UID covers the containers; a container may raise it',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 10001
  containers:
    - name: app
      image: nginx:1.27
    - name: side
      image: envoy:1.30
      securityContext:
        runAsUser: 20000
`,
    },
    {
      name: 'user namespaces (hostUsers: false) remove the host UID collision',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostUsers: false
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'UID 0 is left to K8S016 where the restricted level is in force',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 0
`,
    },
  ],
  invalid: [
    {
      name: 'nothing set anywhere: one finding at the pod spec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 9, message: "Deployment 'd': runAsUser is not set on the pod or its containers" }],
    },
    {
      name: 'low pod UID inherited; container override to a low UID; init container without any',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 999
`,
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 20, message: "Pod 'p', init container 'init': pod securityContext.runAsUser is 1000; use a UID of at least 10000" },
        { line: 15, column: 9, endLine: 15, endColumn: 23, message: "Pod 'p', container 'app': securityContext.runAsUser is 999" },
      ],
    },
    {
      name: 'UID 0 is reported here when the baseline level is in force (K8S016 is inactive)',
      settings: { podSecurity: { level: 'baseline', version: 'latest' } },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 0
`,
      errors: [{ line: 10, column: 9, message: "container 'app': securityContext.runAsUser is 0" }],
    },
  ],
});

runRuleTests('K8S026', {
  valid: [
    {
      name: 'non-zero groups; a container overrides a pod-level 0',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: 0
    fsGroup: 10001
    supplementalGroups: [10002]
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsGroup: 10001
`,
    },
  ],
  invalid: [
    {
      name: 'pod runAsGroup 0 (reported once), container runAsGroup 0, fsGroup 0, supplementalGroups 0',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: 0
    fsGroup: 0
    supplementalGroups: [10002, 0]
  containers:
    - name: a
      image: nginx:1.27
    - name: b
      image: nginx:1.27
    - name: c
      image: nginx:1.27
      securityContext:
        runAsGroup: 0
`,
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 18, message: "Pod 'p': pod securityContext.runAsGroup is 0 (root group)" },
        { line: 8, column: 5, endLine: 8, endColumn: 15, message: "pod securityContext.fsGroup is 0" },
        { line: 9, column: 33, endLine: 9, endColumn: 34, message: 'supplementalGroups contains 0' },
        { line: 18, column: 9, endLine: 18, endColumn: 22, message: "Pod 'p', container 'c': securityContext.runAsGroup is 0" },
      ],
    },
  ],
});

runRuleTests('K8S027', {
  valid: [
    {
      name: 'high GID at the pod level',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: 10001
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'GID 0 is K8S026\'s finding',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: 0
  containers:
    - name: app
      image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'low container GID; a string is not a GID',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: "20000"
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsGroup: 100
`,
      errors: [{ line: 12, column: 9, endLine: 12, endColumn: 24, message: "container 'app': securityContext.runAsGroup is 100" }],
    },
    {
      name: 'quoted number at the pod level is a string, as Kubernetes would reject',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsGroup: "20000"
  containers:
    - name: app
      image: nginx:1.27
`,
      errors: [{ line: 7, column: 5, message: "pod securityContext.runAsGroup is '20000' (not a number)" }],
    },
  ],
});

runRuleTests('K8S048', {
  valid: [
    {
      name: 'each mechanism alone is enough: pod seccomp, AppArmor annotation, SELinux level, dropped capabilities',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/b: runtime/default
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: a
      image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: q
  annotations:
    container.apparmor.security.beta.kubernetes.io/b: runtime/default
spec:
  containers:
    - name: b
      image: nginx:1.27
    - name: c
      image: nginx:1.27
      securityContext:
        seLinuxOptions:
          level: "s0:c123,c456"
    - name: d
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [NET_RAW]
    - name: e
      image: nginx:1.27
      securityContext:
        appArmorProfile:
          type: Localhost
          localhostProfile: k8s-nginx
`,
    },
  ],
  invalid: [
    {
      name: 'container Unconfined overrides the pod profile; empty seLinuxOptions; drop with ALL added back; annotation for another container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/other: runtime/default
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: a
      image: nginx:1.27
      securityContext:
        seccompProfile:
          type: Unconfined
  initContainers:
    - name: b
      image: nginx:1.27
      securityContext:
        seLinuxOptions: {}
        seccompProfile:
          type: Unconfined
    - name: c
      image: nginx:1.27
      securityContext:
        seccompProfile: {type: Unconfined}
        capabilities:
          drop: [ALL]
          add: [ALL]
`,
      errors: [
        { line: 14, column: 7, endLine: 14, endColumn: 22, message: "Pod 'p', container 'a': no Linux hardening is in effect" },
        { line: 20, column: 7, endLine: 20, endColumn: 22, message: "init container 'b': no Linux hardening" },
        { line: 26, column: 7, endLine: 26, endColumn: 22, message: "init container 'c': no Linux hardening" },
      ],
    },
  ],
});

runRuleTests('K8S049', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: nginx:1.27\n' }],
  invalid: [
    {
      name: 'missing',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              image: nginx:1.27\n',
      errors: [{ line: 10, column: 9, endLine: 10, endColumn: 13, message: "CronJob 'c': the pod spec has no securityContext" }],
    },
    {
      name: 'empty map',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext: {}\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 22, message: "Pod 'p': the pod securityContext is empty" }],
    },
  ],
});

runRuleTests('K8S050', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n' }],
  invalid: [
    {
      name: 'missing on an init container, empty on a container',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n',
      errors: [
        { line: 7, column: 7, endLine: 7, endColumn: 17, message: "Pod 'p', init container 'init': the container has no securityContext" },
        { line: 10, column: 7, endLine: 10, endColumn: 16, message: "container 'app': the container has no securityContext" },
      ],
    },
  ],
});
