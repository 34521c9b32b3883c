import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { modelOf } from '../../server/src/engine/posture/common';
import { overview, OUTSIDE } from '../../server/src/engine/posture/overview';
import { postureTree, parseWhoCanQuery, whoCanItems, parseReachQuery, reachSummary } from '../../client/src/postureTree';
import { networkOf, findEndpoint, reach, Endpoint } from '../../server/src/engine/posture/reach';
import { rbacOf, whoCan, parseRequest, Request } from '../../server/src/engine/posture/whocan';
import { APPS as SHARED_APPS } from './apps';

const NP = fs.readFileSync(path.join(__dirname, 'fixtures', 'kubernetes-website/networkpolicy.yaml'), 'utf8');
/** The shared db and frontend workloads (./apps.ts), with `default` at baseline and a pod in another namespace. */
const APPS = `apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels: {pod-security.kubernetes.io/enforce: baseline}
---
${SHARED_APPS}---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: ops, labels: {app: tool}}
spec:
  containers: [{name: c, image: x}]
`;
const levels = (ns: string) => (ns === 'default' ? { level: 'baseline', version: 'latest', own: true } : { level: 'restricted', version: 'latest', own: false });

describe('posture: overview and the view\'s tree', () => {
  const o = () => overview(modelOf([{ file: 'file:///w/np.yaml', text: NP }, { file: 'file:///w/apps.yaml', text: APPS }]).model, levels);

  it('namespaces with levels, workloads flagged when no policy isolates them, edges only where a policy decides', () => {
    const v = o();
    assert.deepEqual(v.namespaces.map((n) => [n.name, n.level, n.own, n.workloads.map((w) => `${w.kind}/${w.name} in:${w.ingressOpen} out:${w.egressOpen}`)]), [
      ['default', 'baseline', true, ['Deployment/db in:false out:false', 'Pod/frontend in:true out:true']],
      ['ops', 'restricted', false, ['Pod/tool in:true out:true']],
    ]);
    assert.deepEqual(v.edges.map((e) => `${e.from} -> ${e.to} ${e.ports.join(',')}`).sort(), [
      'default/Pod/frontend -> default/Deployment/db 6379/TCP',
      `${OUTSIDE} -> default/Deployment/db 6379/TCP`,
    ], 'ops/tool is not in a namespace labelled project=myproject; db may send only to 10.0.0.0/24');
    assert.equal(v.truncated, false);
    assert.deepEqual(v.problems, []);
  });
  it('the tree: namespace level, default-allow flags, edges with the rules that open at their line', () => {
    const t = postureTree(o());
    assert.deepEqual(t.map((n) => [n.label, n.description]), [['default', 'baseline'], ['ops', 'restricted (default)']]);
    const db = t[0].children[0];
    assert.equal(db.label, 'Deployment db');
    assert.equal(db.description, undefined);
    assert.equal(db.icon, 'lock');
    assert.deepEqual(db.children.map((c) => [c.label, c.description, c.warn]), [['← from outside the cluster', '6379/TCP', true], ['← from default/frontend', '6379/TCP', false]]);
    const rule = db.children[1].children[0];
    assert.equal(rule.label, 'default/test-network-policy ingress[0]');
    assert.deepEqual([rule.location?.file, rule.location?.range.start.line], ['file:///w/np.yaml', 13]);
    const fe = t[0].children[1];
    assert.deepEqual([fe.label, fe.description, fe.warn], ['Pod frontend', 'default-allow ingress and egress', true]);
    assert.deepEqual(fe.children.map((c) => c.label), ['→ to default/db']);
  });
  it('problems are shown in the tree, not dropped', () => {
    const bad = NP.replace('cidr: 10.0.0.0/24', 'cidr: 10.0.0.0/99');
    const v = overview(modelOf([{ file: 'file:///w/np.yaml', text: bad }, { file: 'file:///w/apps.yaml', text: APPS }]).model, levels);
    assert.match(v.problems[0].message, /is not a CIDR/);
    assert.match(postureTree(v).at(-1)!.label, /^Not read: .*is not a CIDR/);
  });
});

describe('posture: the view\'s "who can" query box', () => {
  it('reads VERB RESOURCE [-n NS | -A] [--name N] and KIND:NAME; anything else is refused', () => {
    assert.deepEqual(parseWhoCanQuery(' get secrets -n prod '), { verb: 'get', resource: 'secrets', namespace: 'prod' });
    assert.deepEqual(parseWhoCanQuery('update configmaps -A --name my-configmap'), { verb: 'update', resource: 'configmaps', allNamespaces: true, name: 'my-configmap' });
    assert.deepEqual(parseWhoCanQuery('ServiceAccount:ci/build'), { subject: 'ServiceAccount:ci/build' });
    for (const bad of ['', 'get', 'get pods -n', 'get pods --bogus', 'Robot:x']) assert.equal(parseWhoCanQuery(bad), undefined, bad);
  });
  it('lists each grant with its binding and rule, opening the subject line', () => {
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'kubernetes-website/rbac.yaml'), 'utf8');
    const rbac = rbacOf(modelOf([{ file: 'file:///w/rbac.yaml', text }]).model);
    const items = whoCanItems(whoCan(rbac, parseRequest('get', 'secrets', 'development') as Request));
    assert.deepEqual(items.map((i) => [i.label, i.description, i.location?.range.start.line]), [
      ['User dave', 'RoleBinding development/read-secrets (namespace development)', 53],
      ['Group manager', 'ClusterRoleBinding read-secrets-global (cluster-wide)', 67],
    ]);
    assert.match(items[0].detail, /^ClusterRole\/secret-reader rules\[0\]: verbs: \[get, watch, list\]/);
  });
});

describe('posture: the view\'s reach query box', () => {
  it('reads FROM TO [PORT] and says the answer with the rules (or isolating policies) to open', () => {
    assert.deepEqual(parseReachQuery('default/frontend  default/db 6379'), { from: 'default/frontend', to: 'default/db', port: '6379' });
    assert.deepEqual(parseReachQuery('0.0.0.0/0 default/db'), { from: '0.0.0.0/0', to: 'default/db' });
    for (const bad of ['', 'a', 'a b c d']) assert.equal(parseReachQuery(bad), undefined, bad);
    const net = networkOf(modelOf([{ file: 'file:///w/np.yaml', text: NP }, { file: 'file:///w/apps.yaml', text: APPS }]).model);
    const ep = (s: string) => findEndpoint(net, s) as Endpoint;
    let s = reachSummary(reach(net, ep('default/frontend'), ep('default/db'), { port: 6379, protocol: 'TCP' }));
    assert.equal(s.message, 'default/frontend → default/db: allowed on 6379/TCP, by default/test-network-policy ingress[0]; one side is not selected by a NetworkPolicy.');
    assert.deepEqual(s.open.map((o) => [o.label, o.where.range.start.line]), [['Open default/test-network-policy ingress[0]', 13]]);
    s = reachSummary(reach(net, ep('default/db'), ep('ops/tool'), { port: 80, protocol: 'TCP' }));
    assert.equal(s.message, 'default/db → ops/tool: denied on 80/TCP; no rule of default/test-network-policy allows it.');
    assert.deepEqual(s.open.map((o) => o.label), ['Open default/test-network-policy']);
  });
});
