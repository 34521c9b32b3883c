import type { PodSpecRef, ContainerRef } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { parseImage } from './image';

export function isTillerLabels(labels: YView): boolean {
  return labels.get('app').str === 'helm' && labels.get('name').str === 'tiller';
}

/** Tiller (Helm v2) containers of a pod: by image (`.../tiller`) or by the labels Helm v2 installs it with. */
export function tillerContainers(pod: PodSpecRef): ContainerRef[] {
  const byLabels = isTillerLabels(pod.meta.get('labels')) || isTillerLabels(pod.obj.view.at('metadata', 'labels'));
  return pod.containers.filter((c) => {
    const image = c.view.get('image').str;
    const repo = image ? parseImage(image).repository : '';
    return /(^|\/)tiller$/.test(repo) || (byLabels && c.kind === 'containers' && (c.name === 'tiller' || /tiller/.test(repo)));
  });
}
