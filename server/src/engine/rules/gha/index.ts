import type { Rule } from '../../rule';
import GHA001 from './GHA001-unpinned-action';
import GHA002 from './GHA002-script-injection';
import GHA003 from './GHA003-untrusted-checkout';
import GHA004 from './GHA004-write-all-permissions';
import GHA005 from './GHA005-missing-permissions';
import GHA006 from './GHA006-secret-exposure';
import GHA007 from './GHA007-insecure-commands';
import GHA008 from './GHA008-self-hosted-pull-request';

export const ghaRules: Rule[] = [
  GHA001, GHA002, GHA003, GHA004, GHA005, GHA006, GHA007, GHA008,
];
