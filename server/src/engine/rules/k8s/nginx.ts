import type { K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export interface Snippet { key: string; view: YView; text: string }

/** `nginx.ingress.kubernetes.io/*-snippet` annotations of an Ingress. */
export function nginxSnippets(obj: K8sObject): Snippet[] {
  if (obj.kind !== 'Ingress') return [];
  return obj.view.at('metadata', 'annotations').entries()
    .filter(([k]) => /^nginx\.ingress\.kubernetes\.io\/[a-z-]*snippet$/.test(k))
    .map(([key, view]) => ({ key, view, text: view.str ?? '' }));
}

export const LUA = /\b[a-z_]*by_lua(_block|_file)?\b|\blua_[a-z_]+\b/;
export const ALIAS = /(^|[\s;{])alias\s+\S/m;
