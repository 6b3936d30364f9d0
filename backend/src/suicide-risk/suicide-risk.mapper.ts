import { type EntityManager, In } from 'typeorm';
import type { CssrsDto, SafetyPlanDto } from '@clinic/shared';
import { markOf } from '../users/marks';
import { User } from '../users/user.entity';
import type { CssrsScreening } from './cssrs-screening.entity';
import type { SafetyPlan } from './safety-plan.entity';

/** The names of these users, in one query (a user no longer known: absent). */
export async function userNames(
  em: EntityManager,
  ids: Iterable<string | null>,
): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await em.find(User, {
    where: { id: In(unique) },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

export function toCssrsDto(s: CssrsScreening, names: Map<string, string>): CssrsDto {
  const mark = markOf(s);
  if (mark) mark.byName = mark.by === null ? null : (names.get(mark.by) ?? null);
  return {
    id: s.id,
    patientId: s.patientId,
    administeredAt: s.administeredAt.toISOString(),
    risk: s.risk,
    wishDead: s.wishDead,
    suicidalThoughts: s.suicidalThoughts,
    method: s.method,
    intent: s.intent,
    plan: s.plan,
    behavior: s.behavior,
    behaviorPast3Months: s.behaviorPast3Months,
    phq9Id: s.phq9Id,
    recordedBy: s.recordedBy,
    recordedByName: s.recordedBy === null ? null : (names.get(s.recordedBy) ?? null),
    createdAt: s.createdAt.toISOString(),
    enteredInError: mark,
  };
}

export function toSafetyPlanDto(p: SafetyPlan, names: Map<string, string>): SafetyPlanDto {
  return {
    patientId: p.patientId,
    warningSigns: p.warningSigns,
    copingStrategies: p.copingStrategies,
    socialDistractions: p.socialDistractions,
    helpContacts: p.helpContacts,
    professionalContacts: p.professionalContacts,
    meansSafety: p.meansSafety,
    reasonsForLiving: p.reasonsForLiving,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
    updatedBy: p.updatedBy,
    updatedByName: p.updatedBy === null ? null : (names.get(p.updatedBy) ?? null),
  };
}
