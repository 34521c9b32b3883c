import type { PodSpecRef, ContainerRef } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { runContainers } from '../shared/pod';

export interface PortRef { c: ContainerRef; port: number; view: YView; protocol: string; name?: string }

/** containerPort entries of regular and init containers. */
export function containerPorts(pod: PodSpecRef): PortRef[] {
  const out: PortRef[] = [];
  for (const c of runContainers(pod)) {
    for (const p of c.view.get('ports').items()) {
      const v = p.get('containerPort');
      const n = v.number;
      if (n === undefined) continue;
      out.push({ c, port: n, view: v, protocol: (p.get('protocol').str ?? 'TCP').toUpperCase(), name: p.get('name').str });
    }
  }
  return out;
}
