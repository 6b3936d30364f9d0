import {
  REMS_FIELD_GROUP_LABELS,
  REMS_FORM_FIELDS,
  type RemsFieldDefinition,
  type RemsFieldGroup,
  type RemsFormDto,
  remsRecordValue,
} from '@clinic/shared';

/**
 * Where each field of the REMS form comes from in the records (CLINICAL.md s3 and the rules of
 * shared/clinical/rems.ts), shown beside it: the form's numbers are facts from the records.
 */
export const REMS_FIELD_SOURCES: Readonly<Record<string, string>> = {
  'patient.name': 'Patient record',
  'patient.birthDate': 'Patient record',
  'patient.sex': 'Patient record',
  firstTreatment: "The patient's earlier esketamine sessions",
  'concomitant.benzodiazepines': "The session's concomitant medications",
  'concomitant.nonBenzodiazepineSedativeHypnotics': "The session's concomitant medications",
  'concomitant.psychostimulants': "The session's concomitant medications",
  'concomitant.maois': "The session's concomitant medications",
  'concomitant.opioids': "The session's concomitant medications",
  dose: 'The session (dose given)',
  lotNumber: 'The session (lot number)',
  totalMonitoringMinutes: 'Dose start to discharge',
  minutesUntilReadyToLeave: 'Dose start to the first time every discharge criterion but time held',
  vitalsAcceptablePreDose: "The pre-dose reading against the clinic's pre-dose BP limit",
  vitalsAcceptableAtEnd: 'The latest reading against the discharge criteria (BP, SpO2)',
  'bp.preDose': 'The last observation at or before the dose start',
  'bp.at40Min': 'The observation nearest 40 min after the dose (30-50 min)',
  'bp.end': 'The latest observation after the dose',
  sedation: 'MOAA/S below 5 after the dose, or a sedation side effect',
  dissociation: 'CADSS-6 above 0 after the dose, or a dissociation side effect',
  respiratoryDepression: "SpO2 or respiratory rate below the clinic's limits after the dose",
  seriousAdverseEvents: 'Side effects recorded as serious',
};

const STAFF_LABELS: Readonly<Record<string, string>> = {
  monitoringProvider: 'Monitoring provider',
  setting: 'Healthcare setting',
};

/** The paper form's wording of a field (its name when unknown). */
export function remsFieldLabel(field: string): string {
  return STAFF_LABELS[field] ?? REMS_FORM_FIELDS.find((f) => f.field === field)?.label ?? field;
}

export interface RemsGroup {
  group: RemsFieldGroup;
  label: string;
  fields: RemsFieldDefinition[];
}

/** The fields grouped as the paper form, in its order. */
export const REMS_GROUPS: readonly RemsGroup[] = (
  Object.keys(REMS_FIELD_GROUP_LABELS) as RemsFieldGroup[]
).map((group) => ({
  group,
  label: REMS_FIELD_GROUP_LABELS[group],
  fields: REMS_FORM_FIELDS.filter((f) => f.group === group),
}));

/** A field's value as the records give it, in words ("Not in the records" when they do not). */
export function remsFieldText(form: RemsFormDto, field: string): string {
  const value = remsRecordValue(form, field);
  if (value === null) return 'Not in the records';
  if (value === 'yes') return 'Yes';
  if (value === 'no') return 'No';
  switch (field) {
    case 'dose':
      return value === 'other' ? `Other (${String(form.doseMg)} mg)` : `${value} mg`;
    case 'totalMonitoringMinutes':
    case 'minutesUntilReadyToLeave':
      return `${value} min`;
    case 'bp.preDose':
    case 'bp.at40Min':
    case 'bp.end': {
      const reading = form.bp[field.slice(3) as 'preDose' | 'at40Min' | 'end'];
      return reading ? `${value} mmHg at ${String(reading.minutesSinceDose)} min` : value;
    }
    case 'seriousAdverseEvents':
      return value === 'none' ? 'None recorded' : value;
    default:
      return value;
  }
}

/** How a correction's value is asked for (the server checks it again). */
export function remsValueHint(field: string): string {
  switch (REMS_FORM_FIELDS.find((f) => f.field === field)?.kind) {
    case 'yes_no':
      return 'yes or no';
    case 'dose':
      return '56, 84 or other';
    case 'minutes':
      return 'whole minutes';
    case 'blood_pressure':
      return 'systolic/diastolic, e.g. 142/88';
    case 'date':
      return 'YYYY-MM-DD';
    case 'sex':
      return 'female, male or other';
    case 'text':
    case 'events':
    case undefined:
      return 'as it should read on the form';
  }
}
