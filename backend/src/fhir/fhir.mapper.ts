/**
 * A patient's records as a FHIR R4 `collection` Bundle (API.md "exports"): Patient, one
 * Observation per PHQ-9 (LOINC 44249-1 panel, total 44261-6, item components with LOINC answer
 * codes), vital-sign Observations, a MedicationAdministration per session, an AdverseEvent per side
 * effect and a Flag per flag. Records entered in error are exported with status
 * `entered-in-error`, as FHIR intends. Pure functions of the stored rows.
 */
import { createHash } from 'node:crypto';
import {
  type Drug,
  type Route,
  SERIOUS_CRITERION_LABELS,
  type SideEffectSeverity,
} from '@clinic/shared';
import { phq9Items } from '../assessments/assessment.mapper';
import type { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Flag } from '../flags/flag.entity';
import type { Patient } from '../patients/patient.entity';
import type { DosingSession } from '../sessions/dosing-session.entity';
import type { Observation } from '../sessions/observation.entity';
import type { SideEffect } from '../sessions/side-effect.entity';

export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

export const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** The identifier system of the clinic's medical record numbers. */
export const MRN_SYSTEM = 'urn:ketamine-clinic:mrn';

/** PHQ-9 items 1-9 (LOINC panel 44249-1). */
export const PHQ9_ITEM_LOINC: readonly { code: string; display: string }[] = [
  { code: '44250-9', display: 'Little interest or pleasure in doing things' },
  { code: '44255-8', display: 'Feeling down, depressed, or hopeless' },
  { code: '44259-0', display: 'Trouble falling or staying asleep, or sleeping too much' },
  { code: '44254-1', display: 'Feeling tired or having little energy' },
  { code: '44251-7', display: 'Poor appetite or overeating' },
  {
    code: '44258-2',
    display:
      'Feeling bad about yourself-or that you are a failure or have let yourself or your family down',
  },
  {
    code: '44252-5',
    display:
      'Trouble concentrating on things, such as reading the newspaper or watching television',
  },
  {
    code: '44253-3',
    display:
      'Moving or speaking so slowly that other people could have noticed. Or the opposite-being so fidgety or restless that you have been moving around a lot more than usual',
  },
  {
    code: '44260-8',
    display: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
  },
];
/** LOINC answer list LL358-3 (0-3). */
export const PHQ9_ANSWER_LOINC: readonly { code: string; display: string }[] = [
  { code: 'LA6568-5', display: 'Not at all' },
  { code: 'LA6569-3', display: 'Several days' },
  { code: 'LA6570-1', display: 'More than half the days' },
  { code: 'LA6571-9', display: 'Nearly every day' },
];
/** Item 10, "How difficult have these problems made it..." (69722-7), answers 0-3. */
const DIFFICULTY = {
  code: '69722-7',
  display: 'How difficult have these problems made it for you',
};
const DIFFICULTY_ANSWERS: readonly { code: string; display: string }[] = [
  { code: 'LA6572-7', display: 'Not difficult at all' },
  { code: 'LA6573-5', display: 'Somewhat difficult' },
  { code: 'LA6575-0', display: 'Very difficult' },
  { code: 'LA6574-3', display: 'Extremely difficult' },
];

const ROUTE_SNOMED: Record<Route, { code: string; display: string }> = {
  iv: { code: '47625008', display: 'Intravenous route' },
  im: { code: '78421000', display: 'Intramuscular route' },
  intranasal: { code: '46713006', display: 'Nasal route' },
  sublingual: { code: '37839007', display: 'Sublingual route' },
  oral: { code: '26643006', display: 'Oral route' },
};
const DRUG_TEXT: Record<Drug, string> = { ketamine: 'Ketamine', esketamine: 'Esketamine' };
const AE_SEVERITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';
const AE_SEVERITY_CODE: Record<SideEffectSeverity, string> = {
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
};

/** Source: HL7 terminology, AdverseEventSeriousness (R4 AdverseEvent.seriousness). */
const AE_SERIOUSNESS = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness';

/** serious / non-serious (CLINICAL.md s3 v2), with the 21 CFR 312.32 criterion as text. */
function seriousness(e: SideEffect): Record<string, unknown> {
  if (!e.serious) {
    return { coding: [{ system: AE_SERIOUSNESS, code: 'non-serious', display: 'Non-serious' }] };
  }
  return {
    coding: [{ system: AE_SERIOUSNESS, code: 'serious', display: 'Serious' }],
    ...(e.seriousCriterion
      ? { text: `Serious: ${SERIOUS_CRITERION_LABELS[e.seriousCriterion].toLowerCase()}` }
      : {}),
  };
}

const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
/** A stable UUID for a resource derived from a row (one observation row gives up to four). */
function derivedId(id: string, suffix: string): string {
  const h = createHash('sha256').update(`${id}:${suffix}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const iso = (d: Date) => d.toISOString();
const loinc = (code: string, display: string) => ({ system: LOINC, code, display });
const quantity = (value: number, unit: string, code = unit) => ({
  value,
  unit,
  system: UCUM,
  code,
});
const category = (code: 'survey' | 'vital-signs', display: string) => [
  { coding: [{ system: OBSERVATION_CATEGORY, code, display }] },
];
const ENTERED_IN_ERROR_TAG = {
  system: 'urn:ketamine-clinic:amendment',
  code: 'entered-in-error',
  display: 'Entered in error',
};
const entered = (r: { enteredInErrorAt?: Date | null }) => Boolean(r.enteredInErrorAt);

export function patientResource(p: Patient): FhirResource {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ system: MRN_SYSTEM, value: p.mrn }],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    gender: p.sex,
    birthDate: p.birthDate,
  };
}

export function phq9Resource(a: Phq9Assessment): FhirResource {
  const items = phq9Items(a);
  const components: Record<string, unknown>[] = [];
  items.forEach((value, index) => {
    const item = PHQ9_ITEM_LOINC[index];
    if (value === null || !item) return;
    const answer = PHQ9_ANSWER_LOINC[value];
    if (!answer) return;
    components.push({
      code: { coding: [loinc(item.code, item.display)] },
      valueCodeableConcept: { coding: [loinc(answer.code, answer.display)], text: String(value) },
    });
  });
  const difficulty = a.item10 === null ? undefined : DIFFICULTY_ANSWERS[a.item10];
  if (difficulty) {
    components.push({
      code: { coding: [loinc(DIFFICULTY.code, DIFFICULTY.display)] },
      valueCodeableConcept: { coding: [loinc(difficulty.code, difficulty.display)] },
    });
  }
  if (a.total !== null) {
    components.push({
      code: {
        coding: [loinc('44261-6', 'Patient Health Questionnaire 9 item (PHQ-9) total score')],
      },
      valueInteger: a.total,
    });
  }
  return {
    resourceType: 'Observation',
    id: a.id,
    status: entered(a) ? 'entered-in-error' : 'final',
    category: category('survey', 'Survey'),
    code: {
      coding: [loinc('44249-1', 'PHQ-9 quick depression assessment panel')],
      text: a.recall === '24_hours' ? 'PHQ-9 (24-hour recall, modified)' : 'PHQ-9',
    },
    subject: ref('Patient', a.patientId),
    effectiveDateTime: iso(a.administeredAt),
    ...(a.sessionId ? { partOf: [ref('MedicationAdministration', a.sessionId)] } : {}),
    ...(a.total === null
      ? { dataAbsentReason: { text: 'Too many items missing to score (CLINICAL.md s1)' } }
      : {}),
    component: components,
  };
}

/** The vital signs of one observation row: BP panel, heart rate, SpO2, respiratory rate. */
export function vitalSignResources(o: Observation): FhirResource[] {
  const base = (suffix: string) => ({
    resourceType: 'Observation',
    id: derivedId(o.id, suffix),
    status: entered(o) ? 'entered-in-error' : 'final',
    category: category('vital-signs', 'Vital Signs'),
    subject: ref('Patient', o.patientId),
    effectiveDateTime: iso(o.recordedAt),
    partOf: [ref('MedicationAdministration', o.sessionId)],
  });
  const out: FhirResource[] = [];
  if (o.systolic !== null && o.diastolic !== null) {
    out.push({
      ...base('bp'),
      code: { coding: [loinc('85354-9', 'Blood pressure panel with all children optional')] },
      component: [
        {
          code: { coding: [loinc('8480-6', 'Systolic blood pressure')] },
          valueQuantity: quantity(o.systolic, 'mm[Hg]'),
        },
        {
          code: { coding: [loinc('8462-4', 'Diastolic blood pressure')] },
          valueQuantity: quantity(o.diastolic, 'mm[Hg]'),
        },
      ],
    });
  }
  if (o.heartRate !== null) {
    out.push({
      ...base('hr'),
      code: { coding: [loinc('8867-4', 'Heart rate')] },
      valueQuantity: quantity(o.heartRate, '/min'),
    });
  }
  if (o.spo2 !== null) {
    out.push({
      ...base('o2'),
      code: {
        coding: [
          loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
          loinc('2708-6', 'Oxygen saturation in Arterial blood'),
        ],
      },
      valueQuantity: quantity(o.spo2, '%'),
    });
  }
  if (o.respiratoryRate !== null) {
    out.push({
      ...base('rr'),
      code: { coding: [loinc('9279-1', 'Respiratory rate')] },
      valueQuantity: quantity(o.respiratoryRate, '/min'),
    });
  }
  return out;
}

export function medicationAdministrationResource(s: DosingSession): FhirResource {
  const route = ROUTE_SNOMED[s.route];
  return {
    resourceType: 'MedicationAdministration',
    id: s.id,
    status: entered(s)
      ? 'entered-in-error'
      : s.status === 'discharged'
        ? 'completed'
        : 'in-progress',
    medicationCodeableConcept: { text: DRUG_TEXT[s.drug] },
    subject: ref('Patient', s.patientId),
    effectivePeriod: {
      start: iso(s.startedAt),
      ...(s.dischargedAt ? { end: iso(s.dischargedAt) } : {}),
    },
    dosage: {
      route: { coding: [{ system: SNOMED, code: route.code, display: route.display }] },
      dose: quantity(s.doseMg, 'mg'),
      ...(s.doseMgPerKg !== null ? { text: `${String(s.doseMgPerKg)} mg/kg` } : {}),
    },
    note: [{ text: `Session ${String(s.sessionNumber)}` }],
  };
}

export function adverseEventResource(e: SideEffect): FhirResource {
  return {
    resourceType: 'AdverseEvent',
    id: e.id,
    actuality: 'actual',
    event: { text: e.type.replace(/_/g, ' ') },
    subject: ref('Patient', e.patientId),
    date: iso(e.onsetAt),
    seriousness: seriousness(e),
    severity: { coding: [{ system: AE_SEVERITY, code: AE_SEVERITY_CODE[e.severity] }] },
    suspectEntity: [{ instance: ref('MedicationAdministration', e.sessionId) }],
    // R4 AdverseEvent has no status: an amended one carries a tag saying so.
    ...(entered(e) ? { meta: { tag: [ENTERED_IN_ERROR_TAG] } } : {}),
  };
}

export function flagResource(f: Flag): FhirResource {
  return {
    resourceType: 'Flag',
    id: f.id,
    status: f.status === 'resolved' ? 'inactive' : 'active',
    category: [{ text: f.category }],
    code: { coding: [{ system: 'urn:ketamine-clinic:flag-rule', code: f.rule }], text: f.message },
    subject: ref('Patient', f.patientId),
    period: { start: iso(f.createdAt), ...(f.resolvedAt ? { end: iso(f.resolvedAt) } : {}) },
  };
}

export interface PatientExport {
  patient: Patient;
  phq9: Phq9Assessment[];
  observations: Observation[];
  sessions: DosingSession[];
  sideEffects: SideEffect[];
  flags: Flag[];
}

export function patientBundle(data: PatientExport, id: string, now: Date): FhirBundle {
  const resources: FhirResource[] = [
    patientResource(data.patient),
    ...data.sessions.map(medicationAdministrationResource),
    ...data.phq9.map(phq9Resource),
    ...data.observations.flatMap(vitalSignResources),
    ...data.sideEffects.map(adverseEventResource),
    ...data.flags.map(flagResource),
  ];
  return {
    resourceType: 'Bundle',
    id,
    type: 'collection',
    timestamp: iso(now),
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${resource.id}`,
      resource,
    })),
  };
}
