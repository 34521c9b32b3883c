/** Workloads for the Kubernetes documentation's NetworkPolicy example (fixtures/kubernetes-website/networkpolicy.yaml): the policy's db and frontend pods, in `default`. Shared by the CLI and LSP posture tests. */
export const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: default}
spec:
  template:
    metadata: {labels: {role: db}}
    spec:
      containers:
      - {name: redis, image: redis, ports: [{name: redis, containerPort: 6379}]}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: default, labels: {role: frontend}}
spec:
  containers: [{name: c, image: x}]
`;
