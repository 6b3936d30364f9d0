import type {
  FlagDto,
  Cadss6Items,
  ObservationDto,
  SessionDto,
  SessionSummaryDto,
  SideEffectDto,
} from '@clinic/shared';
import { markOf } from '../users/marks';
import type { DosingSession } from './dosing-session.entity';
import type { Observation } from './observation.entity';
import type { SideEffect } from './side-effect.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toSessionSummaryDto(s: DosingSession): SessionSummaryDto {
  return {
    id: s.id,
    patientId: s.patientId,
    clinicId: s.clinicId,
    sessionNumber: s.sessionNumber,
    drug: s.drug,
    route: s.route,
    doseMg: s.doseMg,
    doseMgPerKg: s.doseMgPerKg,
    weightKg: s.weightKg,
    startedAt: s.startedAt.toISOString(),
    infusionMinutes: s.infusionMinutes,
    lotNumber: s.lotNumber,
    concomitantMedications: s.concomitantMedications,
    notes: s.notes,
    doseWarnings: s.doseWarnings,
    status: s.status,
    readyAt: iso(s.readyAt),
    dischargedAt: iso(s.dischargedAt),
    dischargeOverrideReason: s.dischargeOverrideReason,
    orderedBy: s.orderedBy,
    plannedAt: iso(s.plannedAt),
    retrospective: s.retrospective,
    startedBy: s.startedBy,
    startOverrideReason: s.startOverrideReason,
    startOverriddenChecks: s.startOverriddenChecks ?? [],
    cancelledAt: iso(s.cancelledAt),
    cancelledBy: s.cancelledBy,
    cancelReason: s.cancelReason,
    courseId: s.courseId ?? null,
    courseSessionNumber: s.courseSessionNumber ?? null,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    enteredInError: markOf(s),
  };
}

export function toObservationDto(o: Observation): ObservationDto {
  return {
    id: o.id,
    sessionId: o.sessionId,
    recordedAt: o.recordedAt.toISOString(),
    minutesSinceDose: o.minutesSinceDose,
    systolic: o.systolic,
    diastolic: o.diastolic,
    heartRate: o.heartRate,
    spo2: o.spo2,
    respiratoryRate: o.respiratoryRate,
    moaas: o.moaas,
    cadss6: o.cadss6 ? (o.cadss6 as Cadss6Items) : null,
    cadss6Total: o.cadss6Total,
    recordedBy: o.recordedBy,
    createdAt: o.createdAt.toISOString(),
    enteredInError: markOf(o),
  };
}

export function toSideEffectDto(e: SideEffect): SideEffectDto {
  return {
    id: e.id,
    sessionId: e.sessionId,
    patientId: e.patientId,
    type: e.type,
    severity: e.severity,
    onsetAt: e.onsetAt.toISOString(),
    notes: e.notes,
    serious: e.serious,
    seriousCriterion: e.seriousCriterion,
    recordedBy: e.recordedBy,
    createdAt: e.createdAt.toISOString(),
    enteredInError: markOf(e),
  };
}

export function toSessionDto(
  s: DosingSession,
  observations: Observation[],
  sideEffects: SideEffect[],
  flags: FlagDto[],
): SessionDto {
  return {
    ...toSessionSummaryDto(s),
    observations: observations.map((o) => toObservationDto(o)),
    sideEffects: sideEffects.map((e) => toSideEffectDto(e)),
    flags,
  };
}
