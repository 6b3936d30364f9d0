/**
 * The Esketamine REMS Patient Monitoring Form (CLINICAL.md s3), filled from a session's record.
 * Pure: the current time and the thresholds are passed in.
 */
import type {
  Drug,
  Route,
  SeriousCriterion,
  SessionStatus,
  Sex,
  SideEffectSeverity,
  SideEffectType,
} from '../api/enums';
import type { RemsBpReadingDto, RemsDoseChoice, RemsFormDto } from '../api/assessment-types';
import { SERIOUS_CRITERION_LABELS } from './adverse-events';
import { preDoseReading } from './discharge';
import { CONCOMITANT_CLASSES, classifyConcomitantMedications } from './rems-concomitant';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from './thresholds';
import {
  REMS_FIELD_NAMES,
  REMS_STAFF_FIELDS,
  type RemsRecordInput,
  remsDeadline,
  remsOverdue,
  remsRecordValue,
} from './rems-record';
import { DAY_MS, MINUTE_MS, minutesSinceDose, toIso, toMs, type Timestamp } from './time';

export * from './rems-concomitant';
export * from './rems-record';

export const REMS_ESKETAMINE_ONLY = 'The REMS monitoring form applies to esketamine sessions only';

/** The form is submitted within 7 days of each session (CLINICAL.md s3, Spravato REMS). */
export const REMS_SUBMIT_WITHIN_DAYS = 7;
// remsDeadline (the dose start + 7 days) and remsOverdue are in rems-record.ts.

/**
 * The "BP at 40 min" reading: the one nearest 40 min after the dose start, within 30-50 min.
 * 40 min is the scheduled observation at the BP peak (CLINICAL.md s1 "Vital signs", s3 schedule);
 * the +-10 min window is clinic policy, not a published number.
 */
export const REMS_BP_40_MIN_WINDOW = { min: 30, target: 40, max: 50 } as const;

/** MOAA/S 5 = "responds readily to name in normal tone"; anything lower is sedation (CLINICAL.md s1). */
const MOAAS_ALERT = 5;

export interface RemsPatientInput {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
}

export interface RemsSessionInput {
  id: string;
  patientId: string;
  drug: Drug;
  route: Route;
  sessionNumber: number;
  doseMg: number;
  lotNumber: string | null;
  /** Free text, one medication an entry; empty = not recorded, "none" = none taken. */
  concomitantMedications: string[];
  startedAt: Timestamp;
  infusionMinutes: number | null;
  status: SessionStatus;
  readyAt: Timestamp | null;
  dischargedAt: Timestamp | null;
}

/** minutesSinceDose is computed here from recordedAt (CLINICAL.md s3), so it is not an input. */
export interface RemsObservationInput {
  recordedAt: Timestamp;
  systolic: number | null;
  diastolic: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  cadss6Total: number | null;
}

export interface RemsSideEffectInput {
  type: SideEffectType;
  severity: SideEffectSeverity;
  onsetAt: Timestamp;
  notes: string | null;
  /** (v2) A serious adverse event (CLINICAL.md s3, 21 CFR 312.32), whatever its severity. */
  serious: boolean;
  seriousCriterion: SeriousCriterion | null;
}

export interface RemsFormInput {
  patient: RemsPatientInput;
  session: RemsSessionInput;
  /** Esketamine sessions the patient had before this one (0: this is the first treatment). */
  previousEsketamineSessions: number;
  observations: RemsObservationInput[];
  sideEffects: RemsSideEffectInput[];
  thresholds?: ClinicThresholds;
  now: Timestamp;
  /** (v2) What the staff recorded on the form: provider, setting, corrections, submission. */
  record?: RemsRecordInput | null;
}

export function remsDoseChoice(doseMg: number): RemsDoseChoice {
  if (doseMg === 56) return '56';
  if (doseMg === 84) return '84';
  return 'other';
}

/** The dose start's UTC date + 7 days, YYYY-MM-DD. */
export function remsSubmitBy(startedAt: Timestamp): string {
  const startDay = Math.floor(toMs(startedAt) / DAY_MS) * DAY_MS;
  return toIso(new Date(startDay + REMS_SUBMIT_WITHIN_DAYS * DAY_MS)).slice(0, 10);
}

interface Timed<T> {
  ms: number;
  minutes: number;
  observation: T;
}

type WithBp<T> = T & { systolic: number; diastolic: number };

function hasBp<T extends RemsObservationInput>(o: T): o is WithBp<T> {
  return o.systolic !== null && o.diastolic !== null;
}

function bpReading(o: WithBp<RemsObservationInput>, startedAt: Timestamp): RemsBpReadingDto {
  return {
    systolic: o.systolic,
    diastolic: o.diastolic,
    minutesSinceDose: minutesSinceDose(startedAt, o.recordedAt),
  };
}

/** BP nearest the target within the window (whole minutes since dose); a tie goes to the earlier. */
function bpAt40Min(postDose: Timed<RemsObservationInput>[], startMs: number) {
  const { min, max, target } = REMS_BP_40_MIN_WINDOW;
  const targetMs = startMs + target * MINUTE_MS;
  let best: Timed<WithBp<RemsObservationInput>> | null = null;
  for (const entry of postDose) {
    const o = entry.observation;
    if (!hasBp(o) || entry.minutes < min || entry.minutes > max) continue;
    if (best === null || Math.abs(entry.ms - targetMs) < Math.abs(best.ms - targetMs)) {
      best = { ...entry, observation: o };
    }
  }
  return best?.observation ?? null;
}

function lastWith<T>(
  ordered: Timed<RemsObservationInput>[],
  pick: (o: RemsObservationInput) => T | null,
): T | null {
  for (let i = ordered.length - 1; i >= 0; i--) {
    const value = pick(ordered[i].observation);
    if (value !== null) return value;
  }
  return null;
}

/**
 * A yes/no answered from post-dose measurements: yes when any measurement (or a recorded side
 * effect) shows it; no when measured and none does; null when nothing was measured.
 */
function anyOf(
  values: (number | null)[],
  shows: (v: number) => boolean,
  sideEffect: boolean,
): boolean | null {
  if (sideEffect) return true;
  const measured = values.filter((v): v is number => v !== null);
  if (measured.length === 0) return null;
  return measured.some(shows);
}

function describeSideEffect(e: RemsSideEffectInput, startedAt: Timestamp): string {
  const minutes = minutesSinceDose(startedAt, e.onsetAt);
  const notes = e.notes?.trim();
  const criterion = e.seriousCriterion
    ? SERIOUS_CRITERION_LABELS[e.seriousCriterion].toLowerCase()
    : 'criterion not recorded';
  return (
    `${e.type.replace(/_/g, ' ')} (serious: ${criterion}; ${e.severity}), onset ${minutes} min ` +
    `after the dose start` +
    (notes ? `: ${notes}` : '')
  );
}

/** The REMS Patient Monitoring Form of an esketamine session (CLINICAL.md s3). */
export function remsForm(input: RemsFormInput): RemsFormDto {
  const { patient, session } = input;
  if (session.drug !== 'esketamine') throw new RangeError(REMS_ESKETAMINE_ONLY);
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const startMs = toMs(session.startedAt);
  const missing: string[] = [];

  if (patient.sex === 'unknown') missing.push('patient.sex');

  const medications = classifyConcomitantMedications(session.concomitantMedications);
  if (!medications.recorded) {
    missing.push(...CONCOMITANT_CLASSES.map((cls) => `concomitant.${cls}`));
  }

  const lotNumber = session.lotNumber?.trim() ? session.lotNumber : null;
  if (lotNumber === null) missing.push('lotNumber');

  const totalMonitoringMinutes =
    session.dischargedAt === null
      ? null
      : minutesSinceDose(session.startedAt, session.dischargedAt);
  if (totalMonitoringMinutes === null) missing.push('totalMonitoringMinutes');

  const minutesUntilReadyToLeave =
    session.readyAt === null ? null : minutesSinceDose(session.startedAt, session.readyAt);
  if (minutesUntilReadyToLeave === null) missing.push('minutesUntilReadyToLeave');

  const ordered: Timed<RemsObservationInput>[] = input.observations
    .map((observation) => {
      const ms = toMs(observation.recordedAt);
      return {
        ms,
        minutes: minutesSinceDose(session.startedAt, observation.recordedAt),
        observation,
      };
    })
    .sort((a, b) => a.ms - b.ms);
  // The pre-dose reading is at or before the dose start; everything after it is the drug's effect.
  const postDose = ordered.filter(({ ms }) => ms > startMs);

  const preDose = preDoseReading(input.observations, session.startedAt);
  const preDoseBp = preDose !== null && hasBp(preDose) ? preDose : null;
  const vitalsAcceptablePreDose =
    preDoseBp === null
      ? null
      : preDoseBp.systolic <= t.bp.predoseSystolic && preDoseBp.diastolic <= t.bp.predoseDiastolic;
  if (vitalsAcceptablePreDose === null) missing.push('vitalsAcceptablePreDose');

  // At the end: the latest post-dose BP and SpO2 against the discharge criteria.
  const endBp = lastWith(postDose, (o) => (hasBp(o) ? o : null));
  const endSpo2 = lastWith(postDose, (o) => o.spo2);
  const vitalsAcceptableAtEnd =
    endBp === null || endSpo2 === null
      ? null
      : endBp.systolic < t.discharge.systolicBelow &&
        endBp.diastolic < t.discharge.diastolicBelow &&
        endSpo2 >= t.discharge.spo2Min;
  if (vitalsAcceptableAtEnd === null) missing.push('vitalsAcceptableAtEnd');

  const at40 = bpAt40Min(postDose, startMs);
  const bp = {
    preDose: preDoseBp === null ? null : bpReading(preDoseBp, session.startedAt),
    at40Min: at40 === null ? null : bpReading(at40, session.startedAt),
    end: endBp === null ? null : bpReading(endBp, session.startedAt),
  };
  if (bp.preDose === null) missing.push('bp.preDose');
  if (bp.at40Min === null) missing.push('bp.at40Min');
  if (bp.end === null) missing.push('bp.end');

  const hadSideEffect = (type: SideEffectType) => input.sideEffects.some((e) => e.type === type);
  const post = postDose.map(({ observation }) => observation);
  const sedation = anyOf(
    post.map((o) => o.moaas),
    (v) => v < MOAAS_ALERT,
    hadSideEffect('sedation'),
  );
  const dissociation = anyOf(
    post.map((o) => o.cadss6Total),
    (v) => v > 0,
    hadSideEffect('dissociation'),
  );
  const breathingMeasured = post.some((o) => o.spo2 !== null || o.respiratoryRate !== null);
  const respiratoryDepression = breathingMeasured
    ? post.some(
        (o) =>
          (o.spo2 !== null && o.spo2 < t.respiratory.spo2Below) ||
          (o.respiratoryRate !== null && o.respiratoryRate < t.respiratory.rateBelow),
      )
    : null;
  if (sedation === null) missing.push('sedation');
  if (dissociation === null) missing.push('dissociation');
  if (respiratoryDepression === null) missing.push('respiratoryDepression');

  // Serious (21 CFR 312.32), not severe: severity is intensity (CLINICAL.md s3 v2).
  const seriousAdverseEvents = input.sideEffects
    .filter((e) => e.serious)
    .map((e) => ({ e, ms: toMs(e.onsetAt) }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ e }) => describeSideEffect(e, session.startedAt));

  const record = input.record ?? null;
  const submittedAt = record?.submittedAt == null ? null : toIso(record.submittedAt);

  const form: RemsFormDto = {
    sessionId: session.id,
    patientId: session.patientId,
    sessionNumber: session.sessionNumber,
    startedAt: toIso(session.startedAt),
    patient: {
      name: `${patient.givenName.trim()} ${patient.familyName.trim()}`,
      birthDate: patient.birthDate,
      sex: patient.sex,
    },
    firstTreatment: input.previousEsketamineSessions === 0,
    concomitant: medications.concomitant,
    unclassifiedMedications: medications.unclassified,
    dose: remsDoseChoice(session.doseMg),
    doseMg: session.doseMg,
    lotNumber,
    totalMonitoringMinutes,
    minutesUntilReadyToLeave,
    vitalsAcceptablePreDose,
    vitalsAcceptableAtEnd,
    bp,
    sedation,
    dissociation,
    respiratoryDepression,
    seriousAdverseEvents,
    submitBy: remsSubmitBy(session.startedAt),
    overdue: remsOverdue(session.startedAt, submittedAt, input.now),
    complete: false,
    missing: [],
    monitoringProvider: record?.monitoringProvider ?? null,
    setting: record?.setting ?? null,
    corrections: [],
    version: record?.version ?? 0,
    submittedAt,
    submittedBy: record?.submittedBy ?? null,
    submittedByName: record?.submittedByName ?? null,
    reference: record?.reference ?? null,
    deadline: remsDeadline(session.startedAt),
  };
  // Corrections name the value the records gave, and a corrected field is no longer missing.
  const corrections = (record?.corrections ?? []).filter((c) => REMS_FIELD_NAMES.includes(c.field));
  form.corrections = corrections.map((c) => ({
    field: c.field,
    value: c.value,
    reason: c.reason,
    original: remsRecordValue(form, c.field),
    correctedAt: toIso(c.correctedAt),
    correctedBy: c.correctedBy,
  }));
  const corrected = new Set(corrections.map((c) => c.field));
  const staffMissing = REMS_STAFF_FIELDS.filter((field) => !form[field]?.trim());
  form.missing = [...staffMissing, ...missing.filter((field) => !corrected.has(field))];
  form.complete = form.missing.length === 0;
  return form;
}
