/** Issue #20: control-plane precision on real repositories (regression tests from minimal examples). */
import * as assert from 'assert';
import { runRuleTests, findingsOf } from '../ruleTester';

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
${container}`;

runRuleTests('CP019', {
  valid: [
    {
      name: 'a shell command that only mentions etcd (Vitess vtctld) is not etcd',
      code: pod(`    - name: vtctld
      image: vitess/lite:v17
      command: ["sh", "-c", "/vt/bin/vtctld -topo_implementation etcd -topo_global_server_address http://etcd:2379"]
`),
    },
    {
      name: 'etcd by env with https URLs and certificates',
      code: pod(`    - name: etcd
      image: quay.io/coreos/etcd:v3.5.9
      env:
        - name: ETCD_LISTEN_CLIENT_URLS
          value: https://0.0.0.0:2379
        - name: ETCD_CERT_FILE
          value: /certs/server.crt
        - name: ETCD_KEY_FILE
          value: /certs/server.key
        - name: ETCD_CLIENT_CERT_AUTH
          value: "true"
        - name: ETCD_PEER_CERT_FILE
          value: /certs/peer.crt
        - name: ETCD_PEER_KEY_FILE
          value: /certs/peer.key
        - name: ETCD_PEER_CLIENT_CERT_AUTH
          value: "true"
`),
    },
    {
      name: 'a client of etcd configured by ETCD_ENDPOINTS is not etcd',
      code: pod(`    - name: app
      image: example/app:1
      env:
        - name: ETCD_ENDPOINTS
          value: http://etcd:2379
`),
    },
  ],
  invalid: [
    {
      name: 'etcd run from a shell script in command position',
      code: pod(`    - name: etcd
      image: example/etcd-wrapper:1
      command: ["/bin/sh", "-ec", "exec etcd --listen-client-urls=http://0.0.0.0:2379"]
`),
      errors: [
        { message: '--cert-file and --key-file are not set', line: 9, column: 41 },
        { message: '--client-cert-auth is not set', line: 9, column: 41 },
        { message: '--peer-cert-file and --peer-key-file are not set', line: 9, column: 41 },
        { message: '--peer-client-cert-auth is not set', line: 9, column: 41 },
        { message: '--listen-client-urls has http://0.0.0.0:2379, so client traffic is plaintext', line: 9, column: 67 },
      ],
    },
    {
      name: 'etcd configured by ETCD_* variables with http:// URLs (Bitnami style, custom entrypoint)',
      code: pod(`    - name: etcd
      image: docker.io/bitnami/etcd:3.5
      command: ["/opt/bitnami/scripts/etcd/run.sh"]
      env:
        - name: ETCD_LISTEN_CLIENT_URLS
          value: http://0.0.0.0:2379
        - name: ETCD_ADVERTISE_CLIENT_URLS
          value: http://etcd-0.etcd:2379
        - name: ETCD_LISTEN_PEER_URLS
          value: http://0.0.0.0:2380
        - name: ETCD_LISTEN_METRICS_URLS
          value: http://127.0.0.1:2381
        - name: ETCD_CERT_FILE
          value: /certs/server.crt
        - name: ETCD_KEY_FILE
          value: /certs/server.key
        - name: ETCD_CLIENT_CERT_AUTH
          value: "true"
        - name: ETCD_PEER_CERT_FILE
          value: /certs/peer.crt
        - name: ETCD_PEER_KEY_FILE
          value: /certs/peer.key
        - name: ETCD_PEER_CLIENT_CERT_AUTH
          value: "true"
`),
      errors: [
        { message: `container 'etcd' (etcd): --listen-client-urls has http://0.0.0.0:2379`, line: 12, column: 18 },
        { message: '--advertise-client-urls has http://etcd-0.etcd:2379', line: 14, column: 18 },
        { message: '--listen-peer-urls has http://0.0.0.0:2380, so member-to-member traffic is plaintext', line: 16, column: 18 },
      ],
    },
  ],
});

describe('CP019 flags: a command-line flag overrides its ETCD_* variable', () => {
  it('reports the flag, not the variable', () => {
    const f = findingsOf('CP019', { code: pod(`    - name: etcd
      image: quay.io/coreos/etcd:v3.5.9
      command: ["etcd", "--client-cert-auth=false"]
      env:
        - name: ETCD_CLIENT_CERT_AUTH
          value: "true"
`) });
    assert.ok(f.some((x) => x.message.includes('--client-cert-auth=false')), f.map((x) => x.message).join('\n'));
  });
});
