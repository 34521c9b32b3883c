/** Helpers for the network and exposure rules (NET001+). */
import type { K8sObject } from '../../k8s/model';
import { lookup } from '../../own';

export function isNetworkPolicy(obj: K8sObject): boolean {
  return obj.kind === 'NetworkPolicy' && /^(networking\.k8s\.io|extensions)\/v1(beta1)?$/.test(obj.apiVersion);
}

export function isService(obj: K8sObject): boolean {
  return obj.kind === 'Service' && obj.apiVersion === 'v1';
}

export function isIngress(obj: K8sObject): boolean {
  return obj.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\/v1(beta1)?$/.test(obj.apiVersion);
}

/** Annotations that make a cloud load balancer internal (reachable from the VPC only). */
export const INTERNAL_LB_ANNOTATIONS: Record<string, (v: string) => boolean> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': (v) => v !== 'false' && v !== '',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': (v) => v === 'internal',
  'networking.gke.io/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'cloud.google.com/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': (v) => v === 'true',
  'service.beta.kubernetes.io/oci-load-balancer-internal': (v) => v === 'true',
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': (v) => v === 'private',
  'service.beta.kubernetes.io/openstack-internal-load-balancer': (v) => v === 'true',
  'service.beta.kubernetes.io/do-loadbalancer-type': (v) => v === 'internal',
};

export function isInternalLoadBalancer(obj: K8sObject): boolean {
  for (const [k, v] of obj.view.at('metadata', 'annotations').entries()) {
    const test = lookup(INTERNAL_LB_ANNOTATIONS, k);
    if (test && test(v.str ?? '')) return true;
  }
  return false;
}
