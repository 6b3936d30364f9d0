import { type FlagDto, type RuleId, RULES } from '@clinic/shared';
import type { Flag } from './flag.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toFlagDto(f: Flag): FlagDto {
  return {
    id: f.id,
    clinicId: f.clinicId,
    patientId: f.patientId,
    sessionId: f.sessionId,
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    status: f.status,
    message: f.message,
    evidence: f.evidence,
    threshold: f.threshold,
    createdAt: f.createdAt.toISOString(),
    acknowledgedAt: iso(f.acknowledgedAt),
    acknowledgedBy: f.acknowledgedBy,
    acknowledgedByName: null, // filled by nameFlagActors
    resolvedAt: iso(f.resolvedAt),
    resolvedBy: f.resolvedBy,
    resolvedByName: null,
    note: f.note ?? f.acknowledgeNote,
    acknowledgeNote: f.acknowledgeNote,
    resolveNote: f.note,
    ruleNote: RULES[f.rule as RuleId]?.note ?? null,
    newEvidenceSince: iso(f.newEvidenceSince),
    newEvidenceCount: f.newEvidenceCount,
    evidenceWithdrawn: f.evidenceWithdrawn,
    history: f.history.map((step) => ({ ...step })),
    version: f.version,
  };
}
