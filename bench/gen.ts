/**
 * Deterministic generators of realistic inputs for the benchmark: multi-document Kubernetes
 * manifests (Deployments, Services, RBAC, NetworkPolicies, ConfigMaps, with comments; some
 * hardened, some not) and multi-stage Dockerfiles with continuations.
 */

/** Small deterministic PRNG (mulberry32) so every run measures the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function app(i: number, r: () => number): string {
  const name = `svc-${i}`;
  const ns = `team-${i % 7}`;
  const hardened = r() < 0.6;
  const image = r() < 0.2 ? `registry.example.com/${name}:latest` : `registry.example.com/${name}@sha256:${'ab12'.repeat(16)}`;
  const sec = hardened
    ? `          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
            seccompProfile:
              type: RuntimeDefault`
    : `          securityContext:
            allowPrivilegeEscalation: ${r() < 0.5 ? 'true' : 'false'}${r() < 0.15 ? '\n            privileged: true' : ''}`;
  const docs: string[] = [];
  docs.push(`# ${name}: the ${name} backend (owned by team ${i % 7})
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
    tier: backend
  annotations:
    description: "Serves the ${name} API"
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: backend
    spec:
      serviceAccountName: ${name}
      automountServiceAccountToken: false${r() < 0.1 ? '\n      hostNetwork: true' : ''}
      containers:
        - name: app
          image: ${image}
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--log-level=info"]
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_FORMAT
              value: json
            - name: DB_HOST
              value: db.${ns}.svc.cluster.local
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
${sec}
      # the sidecar ships logs
        - name: log-shipper
          image: registry.example.com/shipper:1.${i % 20}.0
          resources:
            limits: { cpu: 100m, memory: 64Mi }
          volumeMounts:
            - name: logs
              mountPath: /var/log/app
      volumes:
        - name: logs
          emptyDir: {}`);
  docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http`);
  docs.push(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
automountServiceAccountToken: false`);
  docs.push(`# read access to its own config
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}-reader
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: ["configmaps"${r() < 0.2 ? ', "secrets"' : ''}]
    verbs: ["get", "list", "watch"]`);
  docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}-reader
  namespace: ${ns}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}-reader`);
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${name}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: frontend
      ports:
        - port: 8080`);
  docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
  config.yaml: |
    listen: :8080
    upstream: http://db.${ns}.svc.cluster.local:5432
    features: [a, b, c]`);
  return docs.join('\n---\n');
}

/** A multi-document manifest of about `lines` lines. */
export function manifest(lines: number, seed = 1): string {
  const r = rng(seed);
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < lines; i++) {
    const a = app(i, r);
    parts.push(a);
    n += a.split('\n').length + 1;
  }
  return parts.join('\n---\n') + '\n';
}

/** A multi-stage Dockerfile of about `lines` lines. */
export function dockerfile(lines: number, seed = 1): string {
  const r = rng(seed);
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG GO_VERSION=1.22'];
  let stage = 0;
  while (out.length < lines - 6) {
    out.push('', `# build stage ${stage}`, `FROM golang:\${GO_VERSION} AS build${stage}`, 'WORKDIR /src', 'COPY go.mod go.sum ./');
    out.push('RUN apt-get update \\', '    && apt-get install -y --no-install-recommends ca-certificates git \\', '    && rm -rf /var/lib/apt/lists/*');
    const k = 3 + Math.floor(r() * 6);
    for (let j = 0; j < k; j++) {
      const c = r();
      if (c < 0.3) out.push(`ENV APP_${stage}_${j}=value-${j} PATH=/usr/local/bin:$PATH`);
      else if (c < 0.5) out.push(`COPY ./pkg/mod${j} ./pkg/mod${j}`);
      else if (c < 0.6) out.push(`ADD https://example.com/tool-${j}.tar.gz /tmp/`);
      else if (c < 0.7) out.push('RUN curl -fsSL https://example.com/install.sh | sh');
      else out.push(`RUN go build -o /out/app${j} ./cmd/app${j} \\`, `    && strip /out/app${j}`);
    }
    stage++;
  }
  out.push('', 'FROM gcr.io/distroless/static:nonroot', `COPY --from=build${Math.max(0, stage - 1)} /out/ /app/`, 'USER 65532', 'ENTRYPOINT ["/app/app0"]');
  return out.join('\n') + '\n';
}

/** `count` small files (one app each, some split in several files) for the workspace scan. */
export function workspace(count: number, seed = 7): { name: string; text: string }[] {
  const r = rng(seed);
  const files: { name: string; text: string }[] = [];
  for (let i = 0; i < count; i++) files.push({ name: `apps/app-${String(i).padStart(4, '0')}.yaml`, text: app(i, r) + '\n' });
  return files;
}

/**
 * A Helm chart of `count` templates in the style of `helm create` (helpers with include/nindent,
 * values read with `with`/`toYaml`, a range over ports): Chart.yaml, values.yaml, templates/_helpers.tpl
 * and templates/deployment-<i>.yaml, each rendering a Deployment. File paths relative to the chart.
 */
export function chart(count: number): Record<string, string> {
  const files: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: bench\ndescription: A generated chart for the benchmark\ntype: application\nversion: 0.1.0\nappVersion: "1.0.0"\n',
    'templates/_helpers.tpl': `{{- define "bench.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bench.fullname" -}}
{{- printf "%s-%s" .Release.Name (include "bench.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bench.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "bench.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
`,
  };
  const values: string[] = ['nameOverride: ""', 'image:', '  repository: registry.example.com/app', '  tag: "1.0.0"', '  pullPolicy: IfNotPresent', 'components:'];
  for (let i = 0; i < count; i++) {
    values.push(`  c${i}:`, `    replicas: ${1 + (i % 3)}`, `    port: ${8000 + i}`, '    resources:', '      limits: { cpu: 500m, memory: 256Mi }', '    securityContext:', `      allowPrivilegeEscalation: ${i % 2 ? 'true' : 'false'}`, `      runAsNonRoot: ${i % 3 ? 'true' : 'false'}`);
    files[`templates/deployment-${i}.yaml`] = `{{- $c := .Values.components.c${i} }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "bench.fullname" . }}-c${i}
  labels:
    {{- include "bench.labels" . | nindent 4 }}
    component: c${i}
spec:
  replicas: {{ $c.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ include "bench.name" . }}
      component: c${i}
  template:
    metadata:
      labels:
        {{- include "bench.labels" . | nindent 8 }}
        component: c${i}
    spec:
      containers:
        - name: c${i}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            {{- range $name, $port := dict "http" $c.port }}
            - name: {{ $name }}
              containerPort: {{ $port }}
            {{- end }}
          {{- with $c.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $c.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`;
  }
  files['values.yaml'] = values.join('\n') + '\n';
  return files;
}
