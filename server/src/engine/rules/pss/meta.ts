import type { RuleMeta, Severity, RuleDocs, Applicability } from '../../types';

export function pssMeta(m: {
  id: string; name: string; title: string; level: 'baseline' | 'restricted'; control: string;
  severity?: Severity; peers: string[]; cis?: string[]; docs: RuleDocs; fix?: Applicability;
}): RuleMeta {
  return {
    id: m.id,
    name: m.name,
    title: m.title,
    severity: m.severity ?? (m.level === 'baseline' ? 'error' : 'warning'),
    language: 'kubernetes',
    docs: m.docs,
    references: { pss: { level: m.level, control: m.control }, peers: m.peers, cis: m.cis ?? [] },
    fix: m.fix ? { applicability: m.fix } : null,
  };
}
