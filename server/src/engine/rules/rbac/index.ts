import type { Rule } from '../../rule';
import r1 from './RBAC001-wildcard-in-rules';
import r2 from './RBAC002-read-secrets';
import r3 from './RBAC003-pod-exec-attach';
import r4 from './RBAC004-pod-port-forward';
import r5 from './RBAC005-create-workloads';
import r6 from './RBAC006-escalate';
import r7 from './RBAC007-bind';
import r8 from './RBAC008-impersonate';
import r9 from './RBAC009-node-proxy';
import r10 from './RBAC010-admission-webhooks';
import r11 from './RBAC011-approve-csr';
import r12 from './RBAC012-cluster-admin-binding';
import r13 from './RBAC013-admin-edit-binding';
import r14 from './RBAC014-anonymous-subject';
import r15 from './RBAC015-authenticated-subject';
import r16 from './RBAC016-masters-subject';
import r17 from './RBAC017-default-service-account-binding';
import r18 from './RBAC018-delete-pod-logs';
import r19 from './RBAC019-manage-configmaps';
import r20 from './RBAC020-eks-aws-auth';
import r21 from './RBAC021-manage-networking';
import r22 from './RBAC022-manage-rbac';
import r23 from './RBAC023-write-secrets';

export const rbacRules: Rule[] = [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23];
// the cross-resource (workspace) rules
import r50 from './RBAC050-binding-to-dangerous-role';
rbacRules.push(r50);
