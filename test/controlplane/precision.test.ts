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
      ],
    },
  ],
});

const shellEtcd = pod(`    - name: etcd
      image: example/etcd-wrapper:1
      command: ["/bin/sh", "-ec", "exec etcd --listen-client-urls=http://0.0.0.0:2379"]
`);

// the settings CP019 used to bundle, each under its own id; a flag missing from a shell script gets no fix
runRuleTests('CP049', { valid: [], invalid: [{ name: 'etcd in a shell script', code: shellEtcd, errors: [{ message: '--client-cert-auth is not set', line: 9, column: 41 }] }] });
runRuleTests('CP051', {
  valid: [],
  invalid: [
    { name: 'etcd in a shell script', code: shellEtcd, errors: [{ message: '--peer-cert-file and --peer-key-file are not set', line: 9, column: 41 }] },
    {
      name: 'peer URL from an ETCD_* variable',
      code: pod(`    - name: etcd
      image: docker.io/bitnami/etcd:3.5
      command: ["/opt/bitnami/scripts/etcd/run.sh"]
      env:
        - name: ETCD_LISTEN_PEER_URLS
          value: http://0.0.0.0:2380
        - name: ETCD_PEER_CERT_FILE
          value: /certs/peer.crt
        - name: ETCD_PEER_KEY_FILE
          value: /certs/peer.key
`),
      errors: [{ message: '--listen-peer-urls has http://0.0.0.0:2380, so member-to-member traffic is plaintext', line: 12, column: 18 }],
    },
  ],
});
runRuleTests('CP052', { valid: [], invalid: [{ name: 'etcd in a shell script', code: shellEtcd, errors: [{ message: '--peer-client-cert-auth is not set', line: 9, column: 41 }] }] });

runRuleTests('CP049', {
  valid: [],
  invalid: [
    {
      name: 'an ETCD_* variable is fixed in place, in its quotes',
      code: pod(`    - name: etcd
      image: docker.io/bitnami/etcd:3.5
      command: ["/opt/bitnami/scripts/etcd/run.sh"]
      env:
        - name: ETCD_LISTEN_CLIENT_URLS
          value: https://0.0.0.0:2379
        - name: ETCD_CLIENT_CERT_AUTH
          value: "false"  # set by the chart
`),
      errors: [{ message: '--client-cert-auth=false, so etcd accepts clients without a certificate', line: 14, column: 18 }],
      output: pod(`    - name: etcd
      image: docker.io/bitnami/etcd:3.5
      command: ["/opt/bitnami/scripts/etcd/run.sh"]
      env:
        - name: ETCD_LISTEN_CLIENT_URLS
          value: https://0.0.0.0:2379
        - name: ETCD_CLIENT_CERT_AUTH
          value: "true"  # set by the chart
`),
    },
    {
      name: 'configured by ETCD_* variables and a wrapper script: a missing flag gets no fix (a new item would go to the script)',
      code: pod(`    - name: etcd
      image: docker.io/bitnami/etcd:3.5
      command: ["/opt/bitnami/scripts/etcd/run.sh"]
      env:
        - name: ETCD_LISTEN_CLIENT_URLS
          value: https://0.0.0.0:2379
`),
      errors: [{ message: '--client-cert-auth is not set', line: 8, column: 14 }],
    },
  ],
});

describe('CP049 flags: a command-line flag overrides its ETCD_* variable', () => {
  it('reports the flag, not the variable', () => {
    const f = findingsOf('CP049', { code: pod(`    - name: etcd
      image: quay.io/coreos/etcd:v3.5.9
      command: ["etcd", "--client-cert-auth=false"]
      env:
        - name: ETCD_CLIENT_CERT_AUTH
          value: "true"
`) });
    assert.ok(f.some((x) => x.message.includes('--client-cert-auth=false')), f.map((x) => x.message).join('\n'));
  });
});
