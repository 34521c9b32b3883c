/** Helpers for the cross-resource (workspace) rules of the mesh and policy families. */
import type { WorkspaceObject } from '../../rule';


/** The namespace an object lands in when applied without `-n` (manifests usually omit `default`). */
export function nsOf(o: WorkspaceObject): string {
  return o.obj.namespace || 'default';
}

export const ISTIO_ROOT_NAMESPACE = 'istio-system';
