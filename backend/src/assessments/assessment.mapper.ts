import type { Phq9Dto, RiskEventDto } from '@clinic/shared';
import { markOf } from '../users/marks';
import type { Phq9Assessment } from './phq9-assessment.entity';
import type { RiskEvent } from './risk-event.entity';

export function phq9Items(a: Phq9Assessment): (number | null)[] {
  return [a.item1, a.item2, a.item3, a.item4, a.item5, a.item6, a.item7, a.item8, a.item9];
}

export function toPhq9Dto(a: Phq9Assessment): Phq9Dto {
  return {
    id: a.id,
    patientId: a.patientId,
    administeredAt: a.administeredAt.toISOString(),
    items: phq9Items(a),
    item10: a.item10,
    total: a.total,
    severity: a.severity,
    prorated: a.prorated,
    valid: a.valid,
    item9Positive: a.item9Positive,
    recall: a.recall,
    source: a.source,
    hoursSinceDose: a.hoursSinceDose,
    sessionId: a.sessionId,
    recordedBy: a.recordedBy,
    createdAt: a.createdAt.toISOString(),
    enteredInError: markOf(a),
  };
}

export function toRiskEventDto(e: RiskEvent): RiskEventDto {
  return {
    id: e.id,
    patientId: e.patientId,
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    notes: e.notes,
    recordedBy: e.recordedBy,
    createdAt: e.createdAt.toISOString(),
    enteredInError: markOf(e),
  };
}
