import type { RuleMeta } from '../types';
import type { RuleContext } from '../rule';
import type { DockerfileModel } from './model';

export type { DockerfileModel } from './model';

/** A Dockerfile rule: checks the parsed Dockerfile and reports with ctx.report({loc, message, fixes}). */
export interface DockerfileRule {
  meta: RuleMeta;
  target: 'dockerfile';
  check(df: DockerfileModel, ctx: RuleContext): void;
}
