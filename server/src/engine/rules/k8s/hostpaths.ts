/** Host paths that expose the node: container runtime sockets and sensitive directories. */
import { normalizePath } from '../shared/pod';

const RUNTIME_SOCKETS = [
  '/var/run/docker.sock', '/run/docker.sock',
  '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock', '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock',
  '/var/run/dockershim.sock', '/run/dockershim.sock',
  '/run/k3s/containerd/containerd.sock', '/var/run/podman/podman.sock', '/run/podman/podman.sock',
];
/** Directories that hold a runtime socket (mounting them exposes the socket). */
const RUNTIME_SOCKET_DIRS = ['/var/run/docker', '/run/docker', '/var/run/containerd', '/run/containerd', '/var/run/crio', '/run/crio', '/run/k3s/containerd', '/var/run/podman', '/run/podman'];

/** The container runtime socket a host path exposes, or undefined. */
export function runtimeSocket(path: string): string | undefined {
  const p = normalizePath(path);
  if (RUNTIME_SOCKETS.includes(p) || /\/(docker|containerd|crio|cri-dockerd|dockershim|podman)\.sock$/.test(p)) return p;
  if (RUNTIME_SOCKET_DIRS.includes(p)) return `${p} (a directory holding the runtime socket)`;
  return undefined;
}

/** Trees whose content (any path inside) gives control over or secrets of the node. */
const SENSITIVE_TREES = ['/boot', '/dev', '/etc', '/lib', '/lib64', '/usr', '/bin', '/sbin', '/proc', '/sys', '/root',
  '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/etcd', '/var/lib/rancher', '/var/lib/cni'];
/** Directories sensitive as a whole (they contain the trees above, sockets or every user's data). */
const SENSITIVE_DIRS = ['/', '/var', '/var/lib', '/var/run', '/run', '/home'];

/** The sensitive tree or directory a host path falls in, or undefined. Runtime sockets are reported separately. */
export function sensitiveHostPath(path: string): string | undefined {
  if (runtimeSocket(path)) return undefined;
  const p = normalizePath(path);
  if (SENSITIVE_DIRS.includes(p)) return p;
  return SENSITIVE_TREES.find((t) => p === t || p.startsWith(t + '/'));
}
