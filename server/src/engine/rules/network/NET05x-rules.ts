/** The network cross-resource rules (NET050-NET069). */
import type { Rule } from '../../rule';
import n50 from './NET050-workload-without-network-policy';
import n51 from './NET051-dangling-service';
import n52 from './NET052-network-policy-one-direction';
import n53 from './NET053-namespace-without-network-policy';

const rules: Rule[] = [n50, n51, n52, n53];
export default rules;
