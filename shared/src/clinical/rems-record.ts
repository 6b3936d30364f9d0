/**
 * What the staff add to the Esketamine REMS Patient Monitoring Form (CLINICAL.md s3; API.md "REMS
 * and printing (v2)"): the monitoring provider, the setting, corrections of fields the records
 * filled (each with a reason), and the submission. Pure: no clock, no storage.
 */
import { SEXES } from '../api/enums';
import type { RemsFormDto } from '../api/assessment-types';
import { PLAUSIBLE_RANGES } from './ranges';
import { DAY_MS, toIso, toMs, type Timestamp } from './time';

/** The form is submitted within 7 days of each session (CLINICAL.md s3, Spravato REMS). */
export const REMS_DEADLINE_DAYS = 7;

/** How a correction's value is written (and checked). */
export type RemsFieldKind =
  'text' | 'date' | 'sex' | 'yes_no' | 'dose' | 'minutes' | 'blood_pressure' | 'events';

export interface RemsFieldDefinition {
  /** The field's name, as in `missing` and in a correction. */
  field: string;
  /** The paper form's wording. */
  label: string;
  kind: RemsFieldKind;
  /** The part of the paper form it sits in. */
  group: RemsFieldGroup;
}

export type RemsFieldGroup =
  'patient' | 'treatment' | 'concomitant' | 'dose' | 'monitoring' | 'vitals' | 'adverse_events';

export const REMS_FIELD_GROUP_LABELS: Record<RemsFieldGroup, string> = {
  patient: 'Patient',
  treatment: 'Treatment',
  concomitant: 'Concomitant medicines',
  dose: 'Dose',
  monitoring: 'Monitoring',
  vitals: 'Vital signs',
  adverse_events: 'Adverse events',
};

/**
 * Every field of the form filled from the records, in the paper form's order (CLINICAL.md s3).
 * These are the fields a correction may name. `monitoringProvider` and `setting` are not here:
 * the records never give them, so they are recorded directly.
 */
export const REMS_FORM_FIELDS: readonly RemsFieldDefinition[] = [
  { field: 'patient.name', label: 'Patient name', kind: 'text', group: 'patient' },
  { field: 'patient.birthDate', label: 'Date of birth', kind: 'date', group: 'patient' },
  { field: 'patient.sex', label: 'Sex', kind: 'sex', group: 'patient' },
  { field: 'firstTreatment', label: 'First treatment', kind: 'yes_no', group: 'treatment' },
  {
    field: 'concomitant.benzodiazepines',
    label: 'Benzodiazepines',
    kind: 'yes_no',
    group: 'concomitant',
  },
  {
    field: 'concomitant.nonBenzodiazepineSedativeHypnotics',
    label: 'Non-benzodiazepine sedative-hypnotics',
    kind: 'yes_no',
    group: 'concomitant',
  },
  {
    field: 'concomitant.psychostimulants',
    label: 'Psychostimulants',
    kind: 'yes_no',
    group: 'concomitant',
  },
  { field: 'concomitant.maois', label: 'MAOIs', kind: 'yes_no', group: 'concomitant' },
  { field: 'concomitant.opioids', label: 'Opioids', kind: 'yes_no', group: 'concomitant' },
  { field: 'dose', label: 'Dose (56 mg, 84 mg or other)', kind: 'dose', group: 'dose' },
  { field: 'lotNumber', label: 'Lot number', kind: 'text', group: 'dose' },
  {
    field: 'totalMonitoringMinutes',
    label: 'Total monitoring time (minutes)',
    kind: 'minutes',
    group: 'monitoring',
  },
  {
    field: 'minutesUntilReadyToLeave',
    label: 'Minutes until ready to leave',
    kind: 'minutes',
    group: 'monitoring',
  },
  {
    field: 'vitalsAcceptablePreDose',
    label: 'Vital signs acceptable before the dose',
    kind: 'yes_no',
    group: 'vitals',
  },
  {
    field: 'vitalsAcceptableAtEnd',
    label: 'Vital signs acceptable at the end of monitoring',
    kind: 'yes_no',
    group: 'vitals',
  },
  {
    field: 'bp.preDose',
    label: 'Blood pressure before the dose',
    kind: 'blood_pressure',
    group: 'vitals',
  },
  {
    field: 'bp.at40Min',
    label: 'Blood pressure at 40 min',
    kind: 'blood_pressure',
    group: 'vitals',
  },
  {
    field: 'bp.end',
    label: 'Blood pressure at the end of monitoring',
    kind: 'blood_pressure',
    group: 'vitals',
  },
  { field: 'sedation', label: 'Sedation', kind: 'yes_no', group: 'adverse_events' },
  { field: 'dissociation', label: 'Dissociation', kind: 'yes_no', group: 'adverse_events' },
  {
    field: 'respiratoryDepression',
    label: 'Respiratory depression',
    kind: 'yes_no',
    group: 'adverse_events',
  },
  {
    field: 'seriousAdverseEvents',
    label: 'Serious adverse events',
    kind: 'events',
    group: 'adverse_events',
  },
];

export const REMS_FIELD_NAMES: readonly string[] = REMS_FORM_FIELDS.map((f) => f.field);

/** The two fields only the staff can give, missing until recorded (listed first: the form's header). */
export const REMS_STAFF_FIELDS = ['monitoringProvider', 'setting'] as const;

export function remsFieldDefinition(field: string): RemsFieldDefinition | undefined {
  return REMS_FORM_FIELDS.find((f) => f.field === field);
}

/** A monitoring window cannot exceed a day (a session is discharged the same day). */
export const REMS_MINUTES_MAX = 24 * 60;
export const REMS_TEXT_MAX = 500;

/**
 * Why a correction value cannot stand for the field (empty when it can). Values are text as the
 * paper form would carry them: `yes`/`no`, `56`/`84`/`other`, whole minutes, a blood pressure
 * `systolic/diastolic` within CLINICAL.md s1's plausible ranges (diastolic below systolic).
 */
export function remsCorrectionProblems(field: string, value: string): string[] {
  const definition = remsFieldDefinition(field);
  if (definition === undefined) return [`field must be one of ${REMS_FIELD_NAMES.join(', ')}`];
  const v = value.trim();
  if (v === '') return ['value must not be empty'];
  switch (definition.kind) {
    case 'text':
    case 'events':
      return v.length > REMS_TEXT_MAX ? [`value must be at most ${REMS_TEXT_MAX} characters`] : [];
    case 'date': {
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00.000Z`) : NaN;
      const ok = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
      return ok ? [] : [`value must be a calendar date YYYY-MM-DD for ${field}`];
    }
    case 'sex':
      return (SEXES as readonly string[]).includes(v) && v !== 'unknown'
        ? []
        : [`value must be one of female, male, other for ${field}`];
    case 'yes_no':
      return v === 'yes' || v === 'no' ? [] : [`value must be yes or no for ${field}`];
    case 'dose':
      return ['56', '84', 'other'].includes(v)
        ? []
        : [`value must be one of 56, 84, other for ${field}`];
    case 'minutes': {
      const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
      return Number.isInteger(n) && n <= REMS_MINUTES_MAX
        ? []
        : [`value must be whole minutes from 0 to ${REMS_MINUTES_MAX} for ${field}`];
    }
    case 'blood_pressure': {
      const m = /^(\d{2,3})\/(\d{2,3})$/.exec(v);
      const { systolic, diastolic } = PLAUSIBLE_RANGES;
      if (m) {
        const [s, d] = [Number(m[1]), Number(m[2])];
        if (
          s >= systolic.min &&
          s <= systolic.max &&
          d >= diastolic.min &&
          d <= diastolic.max &&
          d < s
        )
          return [];
      }
      return [
        `value must be a blood pressure systolic/diastolic (systolic ${systolic.min}-${systolic.max}, ` +
          `diastolic ${diastolic.min}-${diastolic.max} and below systolic) for ${field}`,
      ];
    }
  }
}

function yesNo(value: boolean | null): string | null {
  return value === null ? null : value ? 'yes' : 'no';
}

/** A field's value as the records filled it, written as a correction would be (null: none). */
export function remsRecordValue(form: RemsFormDto, field: string): string | null {
  switch (field) {
    case 'patient.name':
      return form.patient.name;
    case 'patient.birthDate':
      return form.patient.birthDate;
    case 'patient.sex':
      return form.patient.sex === 'unknown' ? null : form.patient.sex;
    case 'firstTreatment':
      return yesNo(form.firstTreatment);
    case 'concomitant.benzodiazepines':
      return yesNo(form.concomitant.benzodiazepines);
    case 'concomitant.nonBenzodiazepineSedativeHypnotics':
      return yesNo(form.concomitant.nonBenzodiazepineSedativeHypnotics);
    case 'concomitant.psychostimulants':
      return yesNo(form.concomitant.psychostimulants);
    case 'concomitant.maois':
      return yesNo(form.concomitant.maois);
    case 'concomitant.opioids':
      return yesNo(form.concomitant.opioids);
    case 'dose':
      return form.dose;
    case 'lotNumber':
      return form.lotNumber;
    case 'totalMonitoringMinutes':
      return form.totalMonitoringMinutes === null ? null : String(form.totalMonitoringMinutes);
    case 'minutesUntilReadyToLeave':
      return form.minutesUntilReadyToLeave === null ? null : String(form.minutesUntilReadyToLeave);
    case 'vitalsAcceptablePreDose':
      return yesNo(form.vitalsAcceptablePreDose);
    case 'vitalsAcceptableAtEnd':
      return yesNo(form.vitalsAcceptableAtEnd);
    case 'bp.preDose':
    case 'bp.at40Min':
    case 'bp.end': {
      const reading = form.bp[field.slice(3) as 'preDose' | 'at40Min' | 'end'];
      return reading === null ? null : `${reading.systolic}/${reading.diastolic}`;
    }
    case 'sedation':
      return yesNo(form.sedation);
    case 'dissociation':
      return yesNo(form.dissociation);
    case 'respiratoryDepression':
      return yesNo(form.respiratoryDepression);
    case 'seriousAdverseEvents':
      return form.seriousAdverseEvents.length === 0 ? 'none' : form.seriousAdverseEvents.join('; ');
    default:
      return null;
  }
}

/** The dose start + 7 days (CLINICAL.md s3): the form is due by then. */
export function remsDeadline(startedAt: Timestamp): string {
  return toIso(new Date(toMs(startedAt) + REMS_DEADLINE_DAYS * DAY_MS));
}

/** Past the deadline (strictly) and not submitted. */
export function remsOverdue(
  startedAt: Timestamp,
  submittedAt: Timestamp | null,
  now: Timestamp,
): boolean {
  return submittedAt === null && toMs(now) > toMs(remsDeadline(startedAt));
}

/** A stored correction (the input of the form; `original` is computed). */
export interface RemsCorrectionInput {
  field: string;
  value: string;
  reason: string;
  correctedAt: Timestamp;
  correctedBy: string;
}

/** What the staff recorded on a form (null/absent: nothing yet, version 0). */
export interface RemsRecordInput {
  monitoringProvider: string | null;
  setting: string | null;
  corrections: RemsCorrectionInput[];
  version: number;
  submittedAt: Timestamp | null;
  submittedBy: string | null;
  submittedByName?: string | null;
  reference: string | null;
}

/**
 * Why a form cannot be marked submitted (empty when it can): CLINICAL.md s3 asks for every
 * field, so any still missing is named.
 */
export function remsSubmissionProblems(
  form: Pick<RemsFormDto, 'missing' | 'submittedAt'>,
): string[] {
  if (form.submittedAt !== null)
    return [`The form was already marked submitted at ${form.submittedAt}`];
  if (form.missing.length > 0) {
    return [`The form cannot be submitted: missing ${form.missing.join(', ')}`];
  }
  return [];
}
