import { type EntityManager, In, IsNull } from 'typeorm';
import {
  GIVEN_SESSION_STATUSES,
  type PatientRecords,
  type RuleCourse,
  type RuleObservation,
} from '@clinic/shared';
import { phq9Items } from '../assessments/assessment.mapper';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { Protocol } from '../courses/protocol.entity';
import { Screening } from '../courses/screening.entity';
import { TreatmentCourse } from '../courses/treatment-course.entity';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';

/**
 * Everything the rules look at for one patient: indexed queries (six, and up to three for the
 * treatment courses with their protocols and screenings), whatever the course length.
 * Observations entered in error come along apart (monitoring.no_predose reads the withdrawn
 * pre-dose BPs); every other rule sees only the records in force.
 * `timeZone` (the clinic's) is the zone of the times the rules write into flag messages.
 * `restore`: records entered in error to count as in force all the same (the records as they were
 * just before a mark, issue 19: which flags the mark takes the evidence of).
 */
export async function loadPatientRecords(
  em: EntityManager,
  patientId: string,
  timeZone: string | null = null,
  restore?: ReadonlySet<string>,
): Promise<PatientRecords> {
  // Without `restore`, the database leaves the marked records out; with it, they come and only the
  // restored ones stay.
  const where = restore === undefined ? { patientId, enteredInErrorAt: IsNull() } : { patientId };
  const inForce = (r: { id: string; enteredInErrorAt?: Date | null }): boolean =>
    !r.enteredInErrorAt || restore?.has(r.id) === true;
  // Only doses given count (v2): an ordered session, its pre-dose readings with it, waits for its
  // start; a cancelled order was never a dose.
  const sessions = (
    await em.find(DosingSession, {
      where: { ...where, status: In([...GIVEN_SESSION_STATUSES]) },
      order: { sessionNumber: 'ASC' },
    })
  ).filter(inForce);
  // Observations and side effects of a session entered in error leave with it.
  const live = new Set(sessions.map((s) => s.id));
  const allObservations = (
    await em.find(Observation, { where: { patientId }, order: { recordedAt: 'ASC' } })
  ).filter((o) => live.has(o.sessionId));
  const observations = allObservations.filter(inForce);
  const withdrawn = allObservations.filter((o) => !inForce(o));
  const phq9 = (
    await em.find(Phq9Assessment, {
      where,
      order: { administeredAt: 'ASC' },
    })
  ).filter(inForce);
  const sideEffects = (await em.find(SideEffect, { where, order: { onsetAt: 'ASC' } })).filter(
    (e) => inForce(e) && live.has(e.sessionId),
  );
  const riskEvents = (await em.find(RiskEvent, { where, order: { occurredAt: 'ASC' } })).filter(
    inForce,
  );
  const cssrs = (
    await em.find(CssrsScreening, {
      where,
      order: { administeredAt: 'ASC' },
    })
  ).filter(inForce);
  const courses = await loadRuleCourses(em, patientId);
  return {
    patientId,
    timeZone,
    courses,
    sessions: sessions.map((s) => ({
      id: s.id,
      sessionNumber: s.sessionNumber,
      drug: s.drug,
      route: s.route,
      doseMg: s.doseMg,
      doseMgPerKg: s.doseMgPerKg,
      startedAt: s.startedAt,
      infusionMinutes: s.infusionMinutes,
      status: s.status,
      dischargedAt: s.dischargedAt,
      readyAt: s.readyAt,
      dischargeOverrideReason: s.dischargeOverrideReason,
      courseId: s.courseId,
      courseSessionNumber: s.courseSessionNumber,
    })),
    observations: observations.map(ruleObservation),
    enteredInErrorObservations: withdrawn.map(ruleObservation),
    phq9: phq9.map((a) => ({
      id: a.id,
      sessionId: a.sessionId,
      administeredAt: a.administeredAt,
      items: phq9Items(a),
      total: a.total,
      valid: a.valid,
      item9Positive: a.item9Positive,
      recall: a.recall,
    })),
    sideEffects: sideEffects.map((e) => ({
      id: e.id,
      sessionId: e.sessionId,
      type: e.type,
      severity: e.severity,
      onsetAt: e.onsetAt,
      serious: e.serious,
      seriousCriterion: e.seriousCriterion,
    })),
    riskEvents: riskEvents.map((e) => ({ id: e.id, type: e.type, occurredAt: e.occurredAt })),
    cssrs: cssrs.map((s) => ({
      id: s.id,
      administeredAt: s.administeredAt,
      wishDead: s.wishDead,
      suicidalThoughts: s.suicidalThoughts,
      method: s.method,
      intent: s.intent,
      plan: s.plan,
      behavior: s.behavior,
      behaviorPast3Months: s.behaviorPast3Months,
      phq9Id: s.phq9Id,
    })),
  };
}

/** The patient's courses with their protocol and the screening's absolute contraindications (s8, s9). */
async function loadRuleCourses(em: EntityManager, patientId: string): Promise<RuleCourse[]> {
  const courses = await em.find(TreatmentCourse, {
    where: { patientId },
    order: { startedAt: 'ASC' },
  });
  if (courses.length === 0) return [];
  const protocolIds = [...new Set(courses.flatMap((c) => (c.protocolId ? [c.protocolId] : [])))];
  const screeningIds = [...new Set(courses.flatMap((c) => (c.screeningId ? [c.screeningId] : [])))];
  const protocols = new Map(
    (protocolIds.length ? await em.find(Protocol, { where: { id: In(protocolIds) } }) : []).map(
      (p) => [p.id, p],
    ),
  );
  const screenings = new Map(
    (screeningIds.length
      ? await em.find(Screening, {
          where: { id: In(screeningIds) },
          select: { id: true, absolute: true },
        })
      : []
    ).map((s) => [s.id, s]),
  );
  return courses.map((c) => {
    const protocol = c.protocolId ? protocols.get(c.protocolId) : undefined;
    return {
      id: c.id,
      kind: c.kind,
      phase: c.phase,
      drug: c.drug,
      route: c.route,
      startedAt: c.startedAt,
      maintenanceAt: c.maintenanceAt,
      endedAt: c.endedAt,
      protocol: protocol
        ? {
            id: protocol.id,
            name: protocol.name,
            induction: protocol.induction,
            maintenance: protocol.maintenance,
            dosePlan: protocol.dosePlan,
          }
        : null,
      absoluteContraindications: c.screeningId
        ? (screenings.get(c.screeningId)?.absolute ?? [])
        : [],
      overrideReason: c.overrideReason,
      overrideBy: c.overrideBy,
    };
  });
}

function ruleObservation(o: Observation): RuleObservation {
  return {
    id: o.id,
    sessionId: o.sessionId,
    recordedAt: o.recordedAt,
    minutesSinceDose: o.minutesSinceDose,
    systolic: o.systolic,
    diastolic: o.diastolic,
    heartRate: o.heartRate,
    spo2: o.spo2,
    respiratoryRate: o.respiratoryRate,
    moaas: o.moaas,
    cadss6: o.cadss6,
    cadss6Total: o.cadss6Total,
  };
}
