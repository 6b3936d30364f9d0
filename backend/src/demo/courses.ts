/**
 * Treatment courses of the demo (CLINICAL.md s8, s9; v2): every patient's sessions belong to
 * `clinical` courses, each started at intake with a screening (consent, REMS enrolment for
 * esketamine) and a protocol matching the drug and route:
 *   - esketamine: the built-in "Esketamine (US label)" template (both clinics);
 *   - IV ketamine: the built-in template at Riverside; at Northgate the clinic's own copy of it,
 *     adjusted to twice weekly (6 infusions within 24 days, at most 2 in 7 days, 2 days apart);
 *   - IM ketamine: each clinic's own protocol copied from the IV template (no built-in IM one).
 * A course moves to maintenance when the protocol's induction count is reached (maintenanceAt =
 * the start of that session, as the API does); a course short of it whose induction window has
 * passed ended during induction (the patient stopped), the day of its last session; a course whose
 * last session is more than COURSE_IDLE_DAYS old ended then (completed or nonresponse). The
 * re-induction patients' first course ended (completed) before its re-induction months later.
 * REMS forms (addRemsForms): the esketamine sessions' forms are submitted 1-4 days after the
 * session, except the ones still within those days and, per clinic, the latest session older
 * than the 7-day deadline (left overdue).
 */
import {
  BUILT_IN_PROTOCOL_IDS,
  BUILT_IN_PROTOCOLS,
  type ConcomitantClass,
  type CourseEndReason,
  DAY_MS,
  evaluateScreening,
  HOUR_MS,
  localDate,
  medicationClasses,
  REMS_DEADLINE_DAYS,
  SCREENING_ITEMS,
  type ScreeningAnswer,
  type ScreeningItem,
} from '@clinic/shared';
import type { Protocol as ProtocolRow } from '../courses/protocol.entity';
import type { TreatmentCourse } from '../courses/treatment-course.entity';
import type { DosingSession } from '../sessions/dosing-session.entity';
import { minutes } from './helpers';
import type { DemoContext, PatientPlan, Protocol, SessionDraft } from './model';

/** A course whose last session is older than this has ended (the patient was discharged from care). */
export const COURSE_IDLE_DAYS = 35;

const builtIn = (id: string): ProtocolRow => {
  const p = BUILT_IN_PROTOCOLS.find((x) => x.id === id);
  if (!p) throw new Error(`built-in protocol ${id} missing`);
  return {
    id: p.id,
    clinicId: null,
    name: p.name,
    drug: p.drug,
    route: p.route,
    builtIn: true,
    basedOnId: null,
    source: p.source,
    induction: p.induction,
    maintenance: p.maintenance,
    dosePlan: p.dosePlan,
    createdAt: null,
    createdBy: null,
  };
};

/**
 * The protocols a clinic's courses follow, inserting the clinic's own copies (the built-in ones
 * are inserted by the migration). Ids from the id sequence only.
 */
export function clinicProtocols(
  ctx: DemoContext,
  clinic: { index: number; id: string; name: string; psychiatristId: string },
  at: Date,
): Record<Protocol, ProtocolRow> {
  const iv = builtIn(BUILT_IN_PROTOCOL_IDS.ketamineIv);
  const short = clinic.name.replace(/ Clinic$/, '');
  const copy = (
    p: Omit<ProtocolRow, 'id' | 'clinicId' | 'builtIn' | 'createdAt' | 'createdBy'>,
  ) => {
    const row: ProtocolRow = {
      ...p,
      id: ctx.ids.uuid(),
      clinicId: clinic.id,
      builtIn: false,
      createdAt: at,
      createdBy: clinic.psychiatristId,
    };
    ctx.rows.protocols.push(row);
    return row;
  };
  const im = copy({
    name: `IM ketamine 0.5 mg/kg (${short})`,
    drug: 'ketamine',
    route: 'im',
    basedOnId: iv.id,
    source: `${short} clinic protocol, adapted from the IV template (Oliver 2022) for IM dosing`,
    induction: { sessions: 6, withinDays: 24, maxPerWeek: 2, minDaysBetween: 2 },
    maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
    dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6, 0.75], max: 0.75 },
  });
  const ivOfClinic =
    clinic.index === 1
      ? copy({
          name: `IV ketamine 0.5 mg/kg, twice weekly (${short})`,
          drug: 'ketamine',
          route: 'iv',
          basedOnId: iv.id,
          source: `${short} clinic protocol: the IV template at twice weekly (clinic policy)`,
          induction: { sessions: 6, withinDays: 24, maxPerWeek: 2, minDaysBetween: 2 },
          maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
          dosePlan: iv.dosePlan,
        })
      : iv;
  return { iv: ivOfClinic, im, esketamine: builtIn(BUILT_IN_PROTOCOL_IDS.esketamineUs) };
}

/** The screening's answers and notes of a plan: all `no`, except what the scenarios set. */
function screeningAnswers(plan: PatientPlan): {
  answers: Record<ScreeningItem, ScreeningAnswer>;
  notes: Partial<Record<ScreeningItem, string>>;
} {
  const answers = Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])) as Record<
    ScreeningItem,
    ScreeningAnswer
  >;
  const notes: Partial<Record<ScreeningItem, string>> = {};
  if (plan.scenario === 'override') {
    answers.hypersensitivity = 'yes';
    notes.hypersensitivity =
      'Rash after ketamine anaesthesia in 2011, no anaphylaxis; allergist review: skin testing negative.';
  }
  if (plan.scenario === 'predose_bp') {
    answers.uncontrolled_hypertension = 'yes';
    notes.uncontrolled_hypertension =
      'Home readings 135-145/85-92 on amlodipine; GP optimising. Proceed with a pre-dose BP at every session, rest and repeat if > 140/90.';
  }
  if (plan.scenario === 'misuse') {
    answers.substance_use_disorder = 'unknown';
  }
  return { answers, notes };
}

/** The override reason of the `override` scenario (CLINICAL.md s9: raises screening.override). */
export const OVERRIDE_REASON =
  'Treatment-resistant depression after 5 adequate trials and ECT declined; the 2011 reaction was a non-urticarial rash, not anaphylaxis, and skin testing is negative. Benefit outweighs risk; first infusion with resuscitation equipment and a physician present.';

function endReason(plan: PatientPlan): CourseEndReason {
  return plan.response === 'partial' || plan.response === 'non' ? 'nonresponse' : 'completed';
}

/**
 * One course of a plan: its screening and course rows, and its sessions' course and numbers.
 * `intakeAt`: the visit of the baseline PHQ-9 (screening, consent and the course's start follow
 * it); `endBy`: the course ends (by then at the latest) because another follows it.
 */
export function addCourse(
  ctx: DemoContext,
  plan: PatientPlan,
  drafts: readonly SessionDraft[],
  intakeAt: number,
  kind: 'initial' | 'reinduction',
  endBy: number | null,
): TreatmentCourse {
  const rng = ctx.rng;
  const protocol = plan.clinic.protocols[plan.protocol];
  const drug = protocol.drug;
  const screenedAt = new Date(intakeAt + minutes(rng.int(10, 30)));
  const { answers, notes } = screeningAnswers(plan);
  const evaluation = evaluateScreening(drug, answers, notes, screenedAt, screenedAt, screenedAt);
  const concomitant = [
    ...new Set(plan.medications.flatMap((m) => medicationClasses(m))),
  ] as ConcomitantClass[];
  const screeningId = ctx.ids.uuid();
  ctx.rows.screenings.push({
    id: screeningId,
    patientId: plan.id,
    clinicId: plan.clinic.id,
    drug,
    screenedAt,
    answers,
    notes,
    concomitant,
    consentAt: screenedAt,
    remsEnrolledAt: drug === 'esketamine' ? screenedAt : null,
    result: evaluation.result,
    absolute: evaluation.absolute,
    relative: evaluation.relative,
    unknown: evaluation.unknown,
    recordedBy: plan.clinic.psychiatristId,
    createdAt: screenedAt,
  });
  const startedAt = new Date(screenedAt.getTime() + minutes(rng.int(5, 20)));
  const override = evaluation.result === 'contraindicated';

  const sessions = drafts.map((d) => d.row);
  const count = protocol.induction.sessions;
  const maintenanceAt = sessions.length >= count ? sessions[count - 1].startedAt : null;
  const lastStart = sessions[sessions.length - 1].startedAt.getTime();
  const lastEnd = drafts[drafts.length - 1].end;
  const tz = plan.clinic.clock.timeZone;
  // The induction window (CLINICAL.md s8): the first session's local day + withinDays.
  const dayOf = (ms: number): number => Date.parse(`${localDate(new Date(ms), tz)}T00:00:00Z`);
  const windowEnd = dayOf(sessions[0].startedAt.getTime()) + protocol.induction.withinDays * DAY_MS;
  let endedAt: Date | null = null;
  let reason: CourseEndReason | null = null;
  let note: string | null = null;
  if (endBy !== null) {
    endedAt = new Date(Math.min(endBy, lastEnd + 14 * DAY_MS));
    reason = 'completed';
    note = 'Maintenance completed in remission; discharged to the GP with a relapse plan.';
  } else if (
    maintenanceAt === null &&
    dayOf(ctx.nowMs) >= windowEnd &&
    plan.scenario !== 'off_protocol'
  ) {
    // Short of the induction count with the window past: the patient stopped, the day of the
    // last session (before the window ended, so the induction is not "unfinished").
    endedAt = new Date(lastEnd + HOUR_MS);
    reason = 'patient_choice';
    note = 'Stopped before the end of induction (travel and work commitments).';
  } else if (ctx.nowMs - lastStart > COURSE_IDLE_DAYS * DAY_MS) {
    endedAt = new Date(Math.min(lastEnd + 14 * DAY_MS, ctx.nowMs - HOUR_MS));
    reason = endReason(plan);
    note =
      reason === 'completed'
        ? 'Maintenance spaced out and stopped; follow-up with the referring psychiatrist.'
        : 'No response after induction and maintenance; referred back for other options.';
  }
  const phase = endedAt !== null ? 'ended' : maintenanceAt !== null ? 'maintenance' : 'induction';
  const course: TreatmentCourse = {
    id: ctx.ids.uuid(),
    patientId: plan.id,
    clinicId: plan.clinic.id,
    protocolId: protocol.id,
    drug,
    route: protocol.route,
    kind,
    origin: 'clinical',
    phase,
    startedAt,
    maintenanceAt,
    maintenanceReason: null,
    maintenanceBy: null,
    endedAt,
    endReason: reason,
    endNote: note,
    endedBy: endedAt === null ? null : plan.clinic.psychiatristId,
    screeningId,
    overrideReason: override ? OVERRIDE_REASON : null,
    overrideBy: override ? plan.clinic.psychiatristId : null,
    createdBy: plan.clinic.psychiatristId,
    version: 1 + (maintenanceAt ? 1 : 0) + (endedAt ? 1 : 0),
    createdAt: startedAt,
    updatedAt: endedAt ?? maintenanceAt ?? startedAt,
  };
  ctx.rows.courses.push(course);
  sessions.forEach((s, i) => {
    s.courseId = course.id;
    s.courseSessionNumber = i + 1;
  });
  for (const [resourceType, resourceId, at] of [
    ['screening', screeningId, screenedAt],
    ['course', course.id, startedAt],
  ] as const) {
    ctx.rows.audit.push({
      id: ctx.ids.uuid(),
      at,
      actorId: plan.clinic.psychiatristId,
      actorRole: 'psychiatrist',
      action: 'create',
      resourceType,
      resourceId,
      patientId: plan.id,
      clinicId: plan.clinic.id,
      ip: null,
      outcome: 'success',
    });
  }
  return course;
}

/**
 * The REMS forms of a clinic's esketamine sessions (API.md "REMS and printing"): submitted 1-4
 * days after the session by the nurse, with provider and setting; those not yet submitted at
 * `now` stay due, and the clinic's latest session past the 7-day deadline stays unsubmitted
 * (overdue). Drawn last (after the orders): it changes no other record.
 */
export function addRemsForms(
  ctx: DemoContext,
  clinic: { id: string; nurseId: string; nurseName: string; name: string },
): void {
  const given = ctx.rows.sessions
    .filter(
      (s): s is DosingSession =>
        s.clinicId === clinic.id &&
        s.drug === 'esketamine' &&
        (s.status === 'discharged' || s.status === 'in_progress'),
    )
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id));
  const deadlineMs = REMS_DEADLINE_DAYS * DAY_MS;
  const pastDeadline = given.filter((s) => ctx.nowMs - s.startedAt.getTime() > deadlineMs);
  const overdue = pastDeadline[pastDeadline.length - 1] ?? null;
  for (const s of given) {
    const submittedMs =
      s.startedAt.getTime() + ctx.rng.int(1, 4) * DAY_MS + minutes(ctx.rng.int(0, 240));
    if (s === overdue || s.status !== 'discharged' || submittedMs > ctx.nowMs) continue;
    const submittedAt = new Date(submittedMs);
    ctx.rows.remsForms.push({
      sessionId: s.id,
      clinicId: s.clinicId,
      patientId: s.patientId,
      monitoringProvider: `${clinic.nurseName}, RN`,
      setting: `${clinic.name}, treatment room`,
      corrections: [],
      submittedAt,
      submittedBy: clinic.nurseId,
      reference: `REMS-${ctx.ids.uuid().slice(0, 8).toUpperCase()}`,
      version: 1,
      createdAt: submittedAt,
      updatedAt: submittedAt,
    });
  }
}
