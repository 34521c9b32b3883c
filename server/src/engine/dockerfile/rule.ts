import type { RuleMeta } from '../types';
import type { RuleContext } from '../rule';

/** Placeholder model until the Dockerfile family lands; see issue 5. */
export interface DockerfileModel { text: string }

export interface DockerfileRule {
  meta: RuleMeta;
  target: 'dockerfile';
  check(df: DockerfileModel, ctx: RuleContext): void;
}
