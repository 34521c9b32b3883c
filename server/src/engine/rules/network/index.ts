import type { Rule } from '../../rule';
import n1 from './NET001-network-policy-allow-all';
import n2 from './NET002-network-policy-any-ip';
import n3 from './NET003-network-policy-missing-policy-types';
import n4 from './NET004-service-exposed-type';
import n5 from './NET005-service-external-ips';
import n6 from './NET006-load-balancer-source-ranges';
import n7 from './NET007-ingress-without-tls';

export const networkRules: Rule[] = [n1, n2, n3, n4, n5, n6, n7];
// the cross-resource (workspace) rules
import n50 from './NET050-workload-without-network-policy';
import n51 from './NET051-dangling-service';
import n52 from './NET052-workload-isolated-one-direction';
import n53 from './NET053-namespace-without-network-policy';
networkRules.push(n50, n51, n52, n53);
