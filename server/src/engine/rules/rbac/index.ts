import type { Rule } from '../../rule';
import r1 from './RBAC001-rbac-wildcard';
import r2 from './RBAC002-rbac-read-secrets';
import r3 from './RBAC003-rbac-pod-exec-attach';
import r4 from './RBAC004-rbac-pod-port-forward';
import r5 from './RBAC005-rbac-create-workloads';
import r6 from './RBAC006-rbac-escalate';
import r7 from './RBAC007-rbac-bind';
import r8 from './RBAC008-rbac-impersonate';
import r9 from './RBAC009-rbac-node-proxy';
import r10 from './RBAC010-rbac-admission-webhooks';
import r11 from './RBAC011-rbac-approve-csr';
import r12 from './RBAC012-rbac-cluster-admin-binding';
import r13 from './RBAC013-rbac-admin-edit-binding';
import r14 from './RBAC014-rbac-anonymous-subject';
import r15 from './RBAC015-rbac-authenticated-subject';
import r16 from './RBAC016-rbac-masters-subject';
import r17 from './RBAC017-rbac-default-service-account-binding';
import r18 from './RBAC018-rbac-delete-pod-logs';
import r19 from './RBAC019-rbac-manage-configmaps';
import r20 from './RBAC020-rbac-eks-aws-auth';
import r21 from './RBAC021-rbac-manage-networking';
import r22 from './RBAC022-rbac-manage-rbac';
import r23 from './RBAC023-rbac-write-secrets';

export const rbacRules: Rule[] = [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23];
// the cross-resource (workspace) rules
import r50 from './RBAC050-binding-to-dangerous-role';
rbacRules.push(r50);
