/**
 * Trusted registries (`.palisade.yaml` `images.trustedRegistries`): how an image reference is
 * normalised and compared with the list. Used by K8S072 (Kubernetes containers), DF029 (Dockerfile
 * `FROM`) and K8S105 (which leaves an image the list rejects to K8S072). Pure.
 *
 * Normalisation follows Docker's (distribution/reference `ParseNormalizedNamed`): the first path
 * component is a registry host when it contains `.` or `:`, is `localhost`, or has upper-case
 * letters; otherwise the image is on Docker Hub, `docker.io`, and a one-component name is an
 * official image under `library/`: `nginx:1.27` is `docker.io/library/nginx:1.27`, `bitnami/redis`
 * is `docker.io/bitnami/redis`. `index.docker.io` and `registry-1.docker.io` are `docker.io`.
 *
 * An entry of the list matches a normalised reference when:
 * - it ends with `/`: the reference starts with it (Gatekeeper's K8sAllowedRepos comparison), e.g.
 *   `ghcr.io/acme/` matches `ghcr.io/acme/web:1` and not `ghcr.io/acme-evil/web`;
 * - it has no `/`: it is a registry host (with its port, if any), and the reference's registry is
 *   that host: `registry.example.com` matches `registry.example.com/team/app:1`, and neither
 *   `registry.example.com.evil.io/x` nor `registry.example.com:5000/x` (another registry);
 * - it starts with `*.` and has no `/`: the reference's registry is a subdomain of the rest
 *   (`*.gcr.io` matches `eu.gcr.io/p/app`, not `gcr.io/p/app`);
 * - otherwise (a repository path without the trailing `/`): the reference is that repository or is
 *   under it, `ghcr.io/acme/web` matches `ghcr.io/acme/web:1`, `ghcr.io/acme/web@sha256:...` and
 *   `ghcr.io/acme/web/worker`, not `ghcr.io/acme/webapp`.
 * Entries are normalised like references (`docker.io/nginx` is `docker.io/library/nginx`, a
 * registry host is compared without regard to case).
 */

const HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry host (Docker Hub when the first component is not one) and the rest, as written. */
function splitHost(ref: string): { host: string; path: string } {
  const s = ref.trim();
  const slash = s.indexOf('/');
  const first = slash < 0 ? s : s.slice(0, slash);
  if (isHost(first)) {
    const host = first.toLowerCase();
    return { host: HUB_ALIASES.has(host) ? HUB : host, path: slash < 0 ? '' : s.slice(slash + 1) };
  }
  return { host: HUB, path: s };
}

/** Docker's test for a registry host as the first component of a reference. */
function isHost(first: string): boolean {
  return /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
}

/** The registry host and the repository path of an image reference, Docker Hub made explicit. */
function split(ref: string): { host: string; path: string } {
  const s = ref.trim();
  const slash = s.indexOf('/');
  if (slash > 0 && isHost(s.slice(0, slash))) {
    const { host, path } = splitHost(s);
    return { host, path: host === HUB ? hubPath(path) : path };
  }
  return { host: HUB, path: hubPath(s) };
}

/** Docker Hub's official images live under `library/`. */
function hubPath(path: string): string {
  // the repository part ends at a tag or digest
  const end = path.search(/[:@]/);
  const repo = end < 0 ? path : path.slice(0, end);
  return repo && !repo.includes('/') ? `library/${path}` : path;
}

/** Whether the reference names its registry (`ghcr.io/acme/web`), rather than meaning Docker Hub (`nginx`, `bitnami/redis`). */
export function namesRegistry(image: string): boolean {
  const s = image.trim();
  const slash = s.indexOf('/');
  return slash > 0 && isHost(s.slice(0, slash));
}

/** `nginx:1.27` -> `docker.io/library/nginx:1.27`; `ghcr.io/acme/web` unchanged. */
export function normaliseImage(image: string): string {
  const { host, path } = split(image);
  return `${host}/${path}`;
}

/** A list entry as it is compared: normalised, with its kind. */
interface Entry { raw: string; kind: 'prefix' | 'host' | 'subdomain' | 'repository'; value: string }

function entryOf(raw: string): Entry {
  const e = raw.trim();
  if (e.startsWith('*.') && !e.includes('/')) return { raw, kind: 'subdomain', value: e.slice(1).toLowerCase() };
  if (!e.includes('/')) {
    const host = e.toLowerCase();
    return { raw, kind: 'host', value: HUB_ALIASES.has(host) ? HUB : host };
  }
  if (e.endsWith('/')) {
    // a namespace or registry prefix: `registry.example.com/`, `ghcr.io/acme/`, `bitnami/` (on Docker Hub)
    const { host, path } = splitHost(e.slice(0, -1));
    return { raw, kind: 'prefix', value: path ? `${host}/${path}/` : `${host}/` };
  }
  const { host, path } = split(e);
  return { raw, kind: 'repository', value: `${host}/${path}` };
}

function entryMatches(e: Entry, ref: string): boolean {
  const host = ref.slice(0, ref.indexOf('/'));
  switch (e.kind) {
    case 'host': return host === e.value;
    case 'subdomain': return host.endsWith(e.value) && host.length > e.value.length;
    case 'prefix': return ref.startsWith(e.value);
    case 'repository': {
      if (!ref.startsWith(e.value)) return false;
      const next = ref.charAt(e.value.length);
      return next === '' || next === '/' || next === ':' || next === '@';
    }
  }
}

/** Whether the image comes from a trusted registry; `normalised` is the reference compared. */
export function trustedBy(image: string, list: readonly string[]): { trusted: boolean; normalised: string } {
  const normalised = normaliseImage(image);
  return { trusted: list.some((raw) => entryMatches(entryOf(raw), normalised)), normalised };
}

/**
 * What is wrong with an entry of the list, or undefined when it is usable: it must name a registry
 * host or a repository prefix as it appears in an image reference.
 */
export function entryProblem(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.trim()) return 'must be a non-empty string (a registry host such as registry.example.com, or a repository prefix such as ghcr.io/acme/)';
  const e = v.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) return `'${e}' has a URL scheme; image references do not: write it without '${e.slice(0, e.indexOf('://') + 3)}'`;
  if (/\s/.test(e)) return `'${e}' contains white space`;
  if (e.startsWith('/')) return `'${e}' starts with '/'`;
  if (e.includes('*') && !(e.startsWith('*.') && !e.slice(2).includes('*') && !e.includes('/'))) return `'${e}' uses '*' other than as '*.domain' (a subdomain of a registry host); list the registries or repository prefixes instead`;
  if (e.includes('@')) return `'${e}' contains '@': list registries or repositories, not digests`;
  if (!e.includes('/') && !e.startsWith('*.') && !isHost(e)) return `'${e}' is not a registry host (a host has a '.' or a ':port', or is localhost): for all of Docker Hub write docker.io, for its official image ${e} write docker.io/library/${e}`;
  return undefined;
}

/** The list's entries for a message: the first few, quoted. */
export function showList(list: readonly string[], max = 3): string {
  return list.slice(0, max).map((x) => `'${x}'`).join(', ') + (list.length > max ? `, and ${list.length - max} more` : '');
}
