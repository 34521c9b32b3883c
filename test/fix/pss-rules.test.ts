/** Fixes of the Pod Security Standards rules, checked with the rule tester's `output`. */
import { runRuleTests } from '../ruleTester';

const base = (level: 'baseline' | 'restricted' = 'baseline') => ({ podSecurity: { level, version: 'latest' } });
const R = base('restricted');
const B = base('baseline');

/** A restricted-compliant pod with `extra` spliced into the container and `podExtra` into the pod spec. */
function pod(container: string, podExtra = '', podSc = '    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podExtra}  securityContext:
${podSc}  containers:
  - name: app
    image: nginx
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
${container}`;
}

const quoted = (t: string) => t.replace('apiVersion: v1', 'apiVersion: "v1"').replace('kind: Pod', 'kind: "Pod"').replace('name: p\n', 'name: "p"\n').replace('image: nginx', 'image: "nginx"').replace('name: app', 'name: "app"');

runRuleTests('K8S001', {
  valid: [{ code: pod('      windowsOptions:\n        hostProcess: false\n'), settings: B }],
  invalid: [{
    code: pod('      windowsOptions:\n        hostProcess: true\n'), settings: B,
    errors: [{ message: 'hostProcess is true', line: 18, column: 9 }],
    output: pod('      windowsOptions:\n        hostProcess: false\n'),
  }],
});

runRuleTests('K8S002', {
  valid: [{ code: pod('', '  hostNetwork: false\n'), settings: B }],
  invalid: [{
    code: pod('', '  # host access\n  hostNetwork: true # needed?\n  hostPID: yes\n'), settings: B,
    errors: [{ message: 'hostNetwork is true', line: 7, column: 3 }, { message: 'hostPID is true', line: 8, column: 3 }],
    output: pod('', '  # host access\n'),
  }, {
    name: 'flow style pod spec',
    code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostIPC: true, containers: [{name: a, image: x}]}\n', settings: B,
    errors: [{ message: 'hostIPC is true', line: 4, column: 8 }],
    output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}]}\n',
  }],
});

runRuleTests('K8S003', {
  valid: [{ code: pod('      privileged: false\n'), settings: B }],
  invalid: [{
    code: pod('      privileged: true\n'), settings: B,
    errors: [{ message: 'privileged is true', line: 17, column: 7 }],
    output: pod('      privileged: false\n'),
  }, {
    name: 'the alternative fix removes the field',
    code: pod('      privileged: true\n'), settings: B, fix: 'Remove privileged',
    errors: [{ message: 'privileged is true', line: 17, column: 7 }],
    output: pod(''),
  }, {
    name: 'CRLF file',
    code: pod('      privileged: true\n').replace(/\n/g, '\r\n'), settings: B,
    errors: [{ message: 'privileged is true', line: 17, column: 7 }],
    output: pod('      privileged: false\n').replace(/\n/g, '\r\n'),
  }],
});

runRuleTests('K8S004', {
  valid: [{ code: pod('      capabilities:\n        add: [CHOWN]\n').replace('      capabilities:\n        drop: [ALL]\n', ''), settings: B }],
  invalid: [{
    name: 'flow list: every forbidden capability goes in one edit',
    code: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add: [SYS_ADMIN, CHOWN, NET_ADMIN]'), settings: B,
    errors: [{ message: '"SYS_ADMIN"', line: 17, column: 15 }, { message: '"NET_ADMIN"', line: 17, column: 33 }],
    output: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add: [CHOWN]'),
  }, {
    name: 'block list',
    code: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add:\n        - SYS_PTRACE # debugging\n        - KILL'), settings: B,
    errors: [{ message: '"SYS_PTRACE"', line: 18, column: 11 }],
    output: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add:\n        - KILL'),
  }],
});

const volPod = (vol: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: x\n  volumes:\n  - name: data\n${vol}`;
runRuleTests('K8S005', {
  valid: [{ code: volPod('    emptyDir: {}\n'), settings: B }],
  invalid: [{
    code: volPod('    hostPath:\n      # the node directory\n      path: /var/lib/data\n      type: Directory\n'), settings: B,
    errors: [{ message: 'hostPath volume', line: 11, column: 5 }],
    output: volPod('    emptyDir: {}\n    # the node directory\n'),
  }],
});

runRuleTests('K8S006', {
  valid: [{ code: pod('').replace('    securityContext:\n      allowPrivilegeEscalation', '    ports:\n    - containerPort: 80\n    securityContext:\n      allowPrivilegeEscalation'), settings: B }],
  invalid: [{
    code: pod('').replace('    securityContext:\n      allowPrivilegeEscalation', '    ports:\n    - containerPort: 80\n      hostPort: 8080 # on the node\n    - hostPort: 9090\n      containerPort: 90\n    securityContext:\n      allowPrivilegeEscalation'), settings: B,
    errors: [{ message: 'hostPort 8080', line: 15, column: 7 }, { message: 'hostPort 9090', line: 16, column: 7 }],
    output: pod('').replace('    securityContext:\n      allowPrivilegeEscalation', '    ports:\n    - containerPort: 80\n    - containerPort: 90\n    securityContext:\n      allowPrivilegeEscalation'),
  }],
});

runRuleTests('K8S007', {
  valid: [],
  invalid: [{
    code: pod('').replace('    securityContext:\n      allowPrivilegeEscalation', '    livenessProbe:\n      httpGet:\n        host: 169.254.169.254\n        port: 80\n    securityContext:\n      allowPrivilegeEscalation'), settings: B,
    errors: [{ message: 'livenessProbe.httpGet.host', line: 15, column: 9 }],
    output: pod('').replace('    securityContext:\n      allowPrivilegeEscalation', '    livenessProbe:\n      httpGet:\n        port: 80\n    securityContext:\n      allowPrivilegeEscalation'),
  }],
});

runRuleTests('K8S008', {
  valid: [{ code: pod('      appArmorProfile:\n        type: RuntimeDefault\n'), settings: B }],
  invalid: [{
    code: pod('      appArmorProfile:\n        type: Unconfined\n'), settings: B,
    errors: [{ message: 'appArmorProfile.type is "Unconfined"', line: 18, column: 9 }],
    output: pod('      appArmorProfile:\n        type: RuntimeDefault\n'),
  }, {
    name: 'annotation',
    code: pod('').replace('  name: p\n', '  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: "unconfined"\n'), settings: B,
    errors: [{ message: 'annotation container.apparmor', line: 6, column: 5 }],
    output: pod('').replace('  name: p\n', '  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: "runtime/default"\n'),
  }],
});

runRuleTests('K8S009', {
  valid: [{ code: pod('      seLinuxOptions:\n        level: "s0:c1,c2"\n'), settings: B }],
  invalid: [{
    code: pod('      seLinuxOptions:\n        level: "s0:c1,c2"\n        type: spc_t\n        user: root\n'), settings: B,
    errors: [{ message: 'seLinuxOptions.type "spc_t"', line: 19, column: 9 }, { message: 'seLinuxOptions.user', line: 20, column: 9 }],
    output: pod('      seLinuxOptions:\n        level: "s0:c1,c2"\n'),
  }],
});

runRuleTests('K8S010', {
  valid: [{ code: pod('      procMount: Default\n'), settings: B }],
  invalid: [{
    code: pod('      procMount: Unmasked\n'), settings: B,
    errors: [{ message: 'procMount is "Unmasked"', line: 17, column: 7 }],
    output: pod(''),
  }],
});

runRuleTests('K8S011', {
  valid: [{ code: pod(''), settings: B }],
  invalid: [{
    code: pod('', '', '    seccompProfile: {type: Unconfined}\n'), settings: B,
    errors: [{ message: 'seccompProfile.type is Unconfined', line: 7, column: 22 }],
    output: pod('', '', '    seccompProfile: {type: RuntimeDefault}\n'),
  }],
});

runRuleTests('K8S012', {
  valid: [{ code: pod('', '', '    sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: "1"\n'), settings: B }],
  invalid: [{
    code: pod('', '', '    sysctls:\n    - name: kernel.msgmax\n      value: "65536"\n    - name: net.ipv4.tcp_syncookies\n      value: "1"\n'), settings: B,
    errors: [{ message: 'sysctl "kernel.msgmax"', line: 8, column: 7 }],
    output: pod('', '', '    sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: "1"\n'),
  }],
});

runRuleTests('K8S013', {
  valid: [{ code: volPod('    persistentVolumeClaim:\n      claimName: c\n').replace('    image: x\n', '    image: x\n    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n').replace('spec:\n', 'spec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n'), settings: R }],
  invalid: [{
    code: volPod('    nfs: {server: nfs.local, path: /export}\n').replace('    image: x\n', '    image: x\n    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n').replace('spec:\n', 'spec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n'), settings: R,
    errors: [{ message: 'nfs volume type', line: 13, column: 5 }],
    output: volPod('    emptyDir: {}\n').replace('    image: x\n', '    image: x\n    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n').replace('spec:\n', 'spec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n'),
  }],
});

runRuleTests('K8S014', {
  valid: [{ code: pod(''), settings: R }],
  invalid: [{
    code: pod('').replace('      allowPrivilegeEscalation: false\n', ''), settings: R,
    errors: [{ message: 'allowPrivilegeEscalation is not set', line: 13, column: 5 }],
    output: pod('').replace('      allowPrivilegeEscalation: false\n', '').replace('        drop: [ALL]\n', '        drop: [ALL]\n      allowPrivilegeEscalation: false\n'),
  }, {
    code: pod('').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'), settings: R,
    errors: [{ message: 'allowPrivilegeEscalation is true', line: 14, column: 7 }],
    output: pod(''),
  }, {
    name: 'a container without securityContext, 4-space indentation',
    code: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n    containers:\n        - name: app\n          image: x\n', settings: R, fix: 'allowPrivilegeEscalation',
    errors: [{ message: 'allowPrivilegeEscalation is not set', line: 8, column: 11 }],
    output: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n    containers:\n        - name: app\n          image: x\n          securityContext:\n              allowPrivilegeEscalation: false\n',
  }],
});

runRuleTests('K8S015', {
  valid: [{ code: pod(''), settings: R }],
  invalid: [{
    name: 'null pod securityContext',
    code: pod('', '', '').replace('  securityContext:\n  containers', '  securityContext: # todo\n  containers').replace('    seccompProfile', '    seccompProfile'), settings: { ...R, rules: { K8S017: 'off' } },
    errors: [{ message: 'runAsNonRoot is not set', line: 10, column: 5 }],
    output: pod('', '', '').replace('  securityContext:\n  containers', '  securityContext: # todo\n    runAsNonRoot: true\n  containers'),
  }, {
    code: pod('      runAsNonRoot: false\n'), settings: R,
    errors: [{ message: 'runAsNonRoot is false', line: 17, column: 7 }],
    output: pod('      runAsNonRoot: true\n'),
  }],
});

runRuleTests('K8S016', {
  valid: [{ code: pod('      runAsUser: 1000\n'), settings: R }],
  invalid: [{
    code: pod('      runAsUser: 0\n'), settings: R,
    errors: [{ message: 'runAsUser is 0', line: 17, column: 7 }],
    output: pod(''),
  }, {
    name: 'the display-only alternative is a snippet',
    code: pod('      runAsUser: 0\n'), settings: R, fix: 'non-root UID',
    errors: [{ message: 'runAsUser is 0', line: 17, column: 7 }],
    output: pod('      runAsUser: ${1:10001}\n'),
  }],
});

runRuleTests('K8S017', {
  valid: [{ code: pod(''), settings: R }],
  invalid: [{
    code: pod('', '', '    runAsNonRoot: true\n'), settings: R,
    errors: [{ message: 'no seccomp profile', line: 11, column: 5 }],
    output: pod('', '', '    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n'),
  }, {
    name: 'quoted strings in the file are quoted',
    code: quoted(pod('', '', '    runAsNonRoot: true\n')), settings: R,
    errors: [{ message: 'no seccomp profile', line: 11, column: 5 }],
    output: quoted(pod('', '', '    runAsNonRoot: true\n    seccompProfile:\n      type: "RuntimeDefault"\n')),
  }],
});

runRuleTests('K8S018', {
  valid: [{ code: pod(''), settings: R }],
  invalid: [{
    name: 'merged into an existing flow list',
    code: pod('').replace('drop: [ALL]', 'drop: [NET_RAW]'), settings: R,
    errors: [{ message: 'capabilities.drop does not include ALL', line: 16, column: 9 }],
    output: pod('').replace('drop: [ALL]', 'drop: [NET_RAW, ALL]'),
  }, {
    name: 'merged into a block list',
    code: pod('').replace('drop: [ALL]', 'drop:\n        - NET_RAW'), settings: R,
    errors: [{ message: 'capabilities.drop does not include ALL', line: 16, column: 9 }],
    output: pod('').replace('drop: [ALL]', 'drop:\n        - NET_RAW\n        - ALL'),
  }, {
    name: 'added capabilities other than NET_BIND_SERVICE are removed',
    code: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add: [NET_BIND_SERVICE, CHOWN]'), settings: R,
    errors: [{ message: 'adds capability "CHOWN"', line: 17, column: 33 }],
    output: pod('').replace('drop: [ALL]', 'drop: [ALL]\n        add: [NET_BIND_SERVICE]'),
  }],
});

runRuleTests('K8S019', {
  valid: [{ code: pod(''), settings: R }],
  invalid: [{
    code: pod('      procMount: Unmasked\n', '  hostUsers: false\n'), settings: R,
    errors: [{ message: 'procMount is "Unmasked"', line: 18, column: 7 }],
    output: pod('', '  hostUsers: false\n'),
  }],
});
