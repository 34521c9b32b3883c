import type { Rule } from '../../rule';
import GHA001 from './GHA001-gha-unpinned-action';
import GHA002 from './GHA002-gha-script-injection';
import GHA003 from './GHA003-gha-untrusted-checkout';
import GHA004 from './GHA004-gha-write-all-permissions';
import GHA005 from './GHA005-gha-missing-permissions';
import GHA006 from './GHA006-gha-secret-exposure';
import GHA007 from './GHA007-gha-insecure-commands';
import GHA008 from './GHA008-gha-self-hosted-pull-request';
import GHA009 from './GHA009-gha-checkout-persist-credentials';
import GHA010 from './GHA010-gha-github-env-write';
import GHA011 from './GHA011-gha-untrusted-artifact';
import GHA012 from './GHA012-gha-spoofable-bot-condition';
import GHA013 from './GHA013-gha-broad-permissions';
import GHA014 from './GHA014-gha-invalid-permissions';
import GHA015 from './GHA015-gha-unredacted-secret';
import GHA016 from './GHA016-gha-cache-poisoning';
import GHA017 from './GHA017-gha-dependabot-code-execution';
import GHA018 from './GHA018-gha-reusable-workflow-permissions';

export const ghaRules: Rule[] = [
  GHA001, GHA002, GHA003, GHA004, GHA005, GHA006, GHA007, GHA008, GHA009, GHA010, GHA011, GHA012, GHA013,
  GHA014, GHA015, GHA016, GHA017, GHA018,
];
