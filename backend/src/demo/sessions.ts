/** One dosing session: its observations from the pre-dose check to discharge (or to now). */
import {
  cadss6Total,
  checkDose,
  DEFAULT_THRESHOLDS,
  dischargeReadiness,
  type Drug,
  minutesSinceDose,
  nonTimeCriteria,
  type Route,
} from '@clinic/shared';
import type { DosingSession } from '../sessions/dosing-session.entity';
import type { Observation } from '../sessions/observation.entity';
import { minutes } from './helpers';
import type { DemoContext, PatientPlan, SessionDraft } from './model';
import { definitionOf } from './scenarios';
import {
  EARLY_DISCHARGE_LAST_MINUTE,
  EARLY_DISCHARGE_REASON,
  OVERDUE_MISSED_MINUTE,
} from './scenarios/monitoring';
import { effectPlan, vitalsAt } from './vitals';

const T = DEFAULT_THRESHOLDS;

export function buildSession(
  ctx: DemoContext,
  plan: PatientPlan,
  i: number,
  start: number,
  doseMg: number,
  last: boolean,
): SessionDraft {
  const rng = ctx.rng;
  const drug: Drug = plan.protocol === 'esketamine' ? 'esketamine' : 'ketamine';
  const route: Route = plan.protocol === 'esketamine' ? 'intranasal' : plan.protocol;
  const infusionMinutes = plan.protocol === 'iv' ? 40 : null;
  const check = checkDose({ drug, route, doseMg, weightKg: plan.weightKg });
  if (check.errors.length > 0) throw new Error(`demo dose refused: ${check.errors.join('; ')}`);
  const inProgress = last && plan.boardElapsed !== null;
  const startedAt = new Date(start);
  const session = { drug, route, startedAt, infusionMinutes };

  const effects = effectPlan(plan, drug, route, rng);
  // The named scenario's tables and notes for this session (scenarios/*.ts).
  const notes = definitionOf(plan.scenario)?.session?.({ effects, i, last, inProgress }) ?? null;
  const earlyDischarge = plan.scenario === 'early_discharge' && last;

  // Pre-dose reading ~10 min before the dose, then the clinic schedule up to the minimum
  // monitoring time, and a discharge check at its end when the schedule stops short of it.
  const monitoring =
    drug === 'esketamine'
      ? T.minMonitoringMinutes.esketamine
      : (infusionMinutes ?? 0) + T.minMonitoringMinutes.ketamine;
  const schedule = T.scheduledObservationMinutes.filter((m) => m <= monitoring);
  if (schedule[schedule.length - 1] < monitoring) schedule.push(monitoring + rng.int(0, 5));
  const observations: Observation[] = [];
  const observe = (m: number, at: number): void => {
    const v = vitalsAt(effects, m, rng);
    observations.push({
      id: ctx.ids.uuid(),
      sessionId: '',
      patientId: plan.id,
      clinicId: plan.clinic.id,
      recordedAt: new Date(at),
      minutesSinceDose: minutesSinceDose(startedAt, new Date(at)),
      systolic: v.systolic,
      diastolic: v.diastolic,
      heartRate: v.heartRate,
      spo2: v.spo2,
      respiratoryRate: v.respiratoryRate,
      moaas: v.moaas,
      cadss6: v.cadss6,
      cadss6Total: v.cadss6 ? cadss6Total(v.cadss6) : null,
      recordedBy: plan.clinic.nurseId,
      createdAt: new Date(at),
    });
  };
  const timeOf = (m: number): number =>
    start +
    minutes(m) +
    rng.int(10, 50) * 1000 +
    // now and then a minute or two late (not the readings a scenario names by their minute)
    (m > 0 && effects.table?.(m) === undefined && rng.chance(0.15) ? minutes(rng.int(1, 2)) : 0);
  const preAt = start - minutes(rng.int(8, 12));
  const limit = inProgress ? ctx.nowMs : Infinity;
  if (preAt <= limit) observe(-10, preAt);
  // Scenario NG-00040: the pre-dose check of today's session has MOAA/S and SpO2 but no BP.
  if (plan.scenario === 'no_predose' && inProgress && observations.length > 0) {
    observations[0].systolic = null;
    observations[0].diastolic = null;
  }
  let lastMinute = 0;
  let scheduleDone = true;
  // Scenario NG-00004: the 40-min check of today's session was missed (the nurse was called to
  // another patient), so at `now` it is more than 10 min late.
  const missed = plan.scenario === 'overdue' && inProgress ? OVERDUE_MISSED_MINUTE : null;
  // Scenario RC-00017: the patient leaves after the 60-min check, before the minimum monitoring.
  const stopAfter = earlyDischarge ? EARLY_DISCHARGE_LAST_MINUTE : Infinity;
  for (const m of schedule) {
    if (m === missed) continue;
    if (m > stopAfter) break;
    const at = timeOf(m);
    if (at > limit) {
      scheduleDone = false;
      break;
    }
    observe(m, at);
    lastMinute = m;
  }
  // After the schedule, observe every 15 min until the discharge criteria are met (up to now in
  // an ongoing session).
  let guard = 0;
  while (!earlyDischarge && scheduleDone && nonTimeCriteria(observations, startedAt).length > 0) {
    if (++guard > 8) throw new Error(`demo session of ${plan.mrn} never becomes ready`);
    const at = timeOf(lastMinute + 15);
    if (at > limit) break;
    lastMinute += 15;
    observe(lastMinute, at);
  }

  const id = ctx.ids.uuid();
  for (const o of observations) o.sessionId = id;
  const createdAt = new Date(start - minutes(rng.int(60, 180)));
  const lastObservation = observations[observations.length - 1].recordedAt.getTime();
  let status: DosingSession['status'] = 'in_progress';
  let dischargedAt: Date | null = null;
  let readyAt: Date | null;
  let dischargeOverrideReason: string | null = null;
  if (inProgress) {
    const readiness = dischargeReadiness({
      session,
      observations,
      openCriticalFlags: 0,
      now: ctx.now,
    });
    readyAt = readiness.readyAt ? new Date(readiness.readyAt) : null;
  } else {
    const end = earlyDischarge
      ? lastObservation
      : Math.max(lastObservation, start + minutes(monitoring));
    dischargedAt = new Date(end + minutes(rng.int(2, 8)));
    const readiness = dischargeReadiness({
      session,
      observations,
      openCriticalFlags: 0,
      now: dischargedAt,
    });
    if (earlyDischarge) {
      // Discharged before ready, with the psychiatrist's override (CLINICAL.md s3).
      if (readiness.ready) throw new Error(`demo early discharge of ${plan.mrn} is ready`);
      dischargeOverrideReason = EARLY_DISCHARGE_REASON;
    } else if (!readiness.ready || !readiness.readyAt) {
      throw new Error(
        `demo session of ${plan.mrn} not ready at discharge: ${readiness.reasons.join('; ')}`,
      );
    }
    readyAt = readiness.readyAt ? new Date(readiness.readyAt) : null;
    status = 'discharged';
  }
  const row: DosingSession = {
    id,
    patientId: plan.id,
    clinicId: plan.clinic.id,
    sessionNumber: i + 1,
    drug,
    route,
    doseMg,
    doseMgPerKg: check.doseMgPerKg,
    weightKg: plan.weightKg,
    startedAt,
    infusionMinutes,
    lotNumber: rng.pick(plan.clinic.lots[plan.protocol]),
    concomitantMedications: plan.medications,
    notes,
    doseWarnings: check.warnings,
    status,
    readyAt,
    dischargedAt,
    dischargeOverrideReason,
    dischargedBy: dischargeOverrideReason
      ? plan.clinic.psychiatristId
      : dischargedAt
        ? plan.clinic.nurseId
        : null,
    orderedBy: plan.clinic.psychiatristId,
    plannedAt: null,
    retrospective: false,
    startedBy: plan.clinic.nurseId,
    startOverrideReason: null,
    startOverriddenChecks: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    // Treatment courses are not seeded yet: the demo clinics work as before courses (legacy).
    courseId: null,
    courseSessionNumber: null,
    version: dischargedAt ? 2 : 1,
    createdAt,
    updatedAt: dischargedAt ?? createdAt,
  };
  const cadssTotals = observations.map((o) => o.cadss6Total ?? 0);
  const moaas = observations.map((o) => o.moaas ?? 5);
  return {
    row,
    observations,
    peakCadss: Math.max(...cadssTotals),
    lowestMoaas: Math.min(...moaas),
    end: dischargedAt ? dischargedAt.getTime() : ctx.nowMs,
  };
}
