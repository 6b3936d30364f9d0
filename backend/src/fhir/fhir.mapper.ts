/**
 * A patient's records as a FHIR R4 `collection` Bundle (API.md "exports"): Patient, one
 * Observation per PHQ-9 (LOINC 44249-1 panel, total 44261-6, item components with LOINC answer
 * codes), vital-sign Observations, a MedicationAdministration per session, an AdverseEvent per side
 * effect and a Flag per flag. Records entered in error are exported with status
 * `entered-in-error`, as FHIR intends. Pure functions of the stored rows.
 *
 * Typed with the R4 types of @medplum/fhirtypes. They are a devDependency that the production
 * image does not install: import them with `import type` only (ESLint refuses a value import).
 */
import { createHash } from 'node:crypto';
import type {
  AdverseEvent,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Flag as FhirFlag,
  MedicationAdministration,
  Observation as FhirObservation,
  ObservationComponent,
  Patient as FhirPatient,
  Quantity,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { SERIOUS_CRITERION_LABELS } from '@clinic/shared';
import { phq9Items } from '../assessments/assessment.mapper';
import type { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Flag } from '../flags/flag.entity';
import type { Patient } from '../patients/patient.entity';
import type { DosingSession } from '../sessions/dosing-session.entity';
import type { Observation } from '../sessions/observation.entity';
import type { SideEffect } from '../sessions/side-effect.entity';
import {
  AE_SERIOUSNESS,
  AE_SEVERITY,
  AE_SEVERITY_CODE,
  DIFFICULTY,
  DIFFICULTY_ANSWERS,
  DRUG_TEXT,
  ENTERED_IN_ERROR_TAG,
  LOINC,
  MRN_SYSTEM,
  OBSERVATION_CATEGORY,
  PHQ9_ANSWER_LOINC,
  PHQ9_ITEM_LOINC,
  PHQ9_PANEL,
  PHQ9_TOTAL,
  ROUTE_SNOMED,
  SNOMED,
  UCUM,
} from './fhir.terminology';

/** A resource with its id, from which its entry's fullUrl is made. */
type WithId<T extends Resource> = T & { id: string };
/** Every resource type the export emits. */
export type FhirResource = WithId<
  FhirPatient | MedicationAdministration | FhirObservation | AdverseEvent | FhirFlag
>;
export type FhirBundleEntry = BundleEntry<FhirResource> & {
  fullUrl: string;
  resource: FhirResource;
};
export type FhirBundle = Bundle<FhirResource> & {
  id: string;
  type: 'collection';
  timestamp: string;
  entry: FhirBundleEntry[];
};

/** serious / non-serious (CLINICAL.md s3 v2), with the 21 CFR 312.32 criterion as text. */
function seriousness(e: SideEffect): CodeableConcept {
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

/**
 * The fullUrl of the entry holding the resource with this id. R4 resolves a reference inside a
 * Bundle against the entries' fullUrl ("Resolving references in Bundles"), so a reference to
 * another entry is this URN, never `Type/id`: no entry has a fullUrl of that form.
 */
export const fullUrl = (id: string): string => `urn:uuid:${id}`;

/**
 * The entries a resource of one patient's Bundle may reference. A target that is not in the
 * Bundle is not referenced at all (docs/decisions.md): the export loads every session of the
 * patient, so this only guards against a reference no reader could resolve.
 */
export interface BundleRefs {
  /** The Bundle's Patient; throws for a row of any other patient (a loading error, not data). */
  patient(patientId: string): Reference<FhirPatient>;
  session(sessionId: string | null): Reference<MedicationAdministration> | undefined;
}

export function bundleRefs(patient: Patient, sessions: readonly DosingSession[]): BundleRefs {
  const sessionIds = new Set(sessions.map((s) => s.id));
  return {
    patient: (patientId) => {
      if (patientId !== patient.id) throw new Error('FHIR export: a row of another patient');
      return { reference: fullUrl(patient.id), type: 'Patient' };
    },
    session: (sessionId) =>
      sessionId !== null && sessionIds.has(sessionId)
        ? { reference: fullUrl(sessionId), type: 'MedicationAdministration' }
        : undefined,
  };
}

/** A stable UUID for a resource derived from a row (one observation row gives up to four). */
function derivedId(id: string, suffix: string): string {
  const h = createHash('sha256').update(`${id}:${suffix}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const iso = (d: Date) => d.toISOString();
const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });
const quantity = (value: number, unit: string, code = unit): Quantity => ({
  value,
  unit,
  system: UCUM,
  code,
});
const category = (code: 'survey' | 'vital-signs', display: string): CodeableConcept[] => [
  { coding: [{ system: OBSERVATION_CATEGORY, code, display }] },
];
const entered = (r: { enteredInErrorAt?: Date | null }) => Boolean(r.enteredInErrorAt);

export function patientResource(p: Patient): WithId<FhirPatient> {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ system: MRN_SYSTEM, value: p.mrn }],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    gender: p.sex,
    birthDate: p.birthDate,
  };
}

export function phq9Resource(a: Phq9Assessment, refs: BundleRefs): WithId<FhirObservation> {
  const items = phq9Items(a);
  const components: ObservationComponent[] = [];
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
      code: { coding: [loinc(PHQ9_TOTAL.code, PHQ9_TOTAL.display)] },
      valueInteger: a.total,
    });
  }
  const session = refs.session(a.sessionId);
  return {
    resourceType: 'Observation',
    id: a.id,
    status: entered(a) ? 'entered-in-error' : 'final',
    category: category('survey', 'Survey'),
    code: {
      coding: [loinc(PHQ9_PANEL.code, PHQ9_PANEL.display)],
      text: a.recall === '24_hours' ? 'PHQ-9 (24-hour recall, modified)' : 'PHQ-9',
    },
    subject: refs.patient(a.patientId),
    effectiveDateTime: iso(a.administeredAt),
    ...(session ? { partOf: [session] } : {}),
    ...(a.total === null
      ? { dataAbsentReason: { text: 'Too many items missing to score (CLINICAL.md s1)' } }
      : {}),
    component: components,
  };
}

/** The vital signs of one observation row: BP panel, heart rate, SpO2, respiratory rate. */
export function vitalSignResources(o: Observation, refs: BundleRefs): WithId<FhirObservation>[] {
  const session = refs.session(o.sessionId);
  const base = (suffix: string, code: CodeableConcept): WithId<FhirObservation> => ({
    resourceType: 'Observation',
    id: derivedId(o.id, suffix),
    status: entered(o) ? 'entered-in-error' : 'final',
    category: category('vital-signs', 'Vital Signs'),
    code,
    subject: refs.patient(o.patientId),
    effectiveDateTime: iso(o.recordedAt),
    ...(session ? { partOf: [session] } : {}),
  });
  const out: WithId<FhirObservation>[] = [];
  if (o.systolic !== null && o.diastolic !== null) {
    out.push({
      ...base('bp', {
        coding: [loinc('85354-9', 'Blood pressure panel with all children optional')],
      }),
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
      ...base('hr', { coding: [loinc('8867-4', 'Heart rate')] }),
      valueQuantity: quantity(o.heartRate, '/min'),
    });
  }
  if (o.spo2 !== null) {
    out.push({
      ...base('o2', {
        coding: [
          loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
          loinc('2708-6', 'Oxygen saturation in Arterial blood'),
        ],
      }),
      valueQuantity: quantity(o.spo2, '%'),
    });
  }
  if (o.respiratoryRate !== null) {
    out.push({
      ...base('rr', { coding: [loinc('9279-1', 'Respiratory rate')] }),
      valueQuantity: quantity(o.respiratoryRate, '/min'),
    });
  }
  return out;
}

export function medicationAdministrationResource(
  s: DosingSession,
  refs: BundleRefs,
): WithId<MedicationAdministration> {
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
    subject: refs.patient(s.patientId),
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

export function adverseEventResource(e: SideEffect, refs: BundleRefs): WithId<AdverseEvent> {
  const session = refs.session(e.sessionId);
  return {
    resourceType: 'AdverseEvent',
    id: e.id,
    actuality: 'actual',
    event: { text: e.type.replace(/_/g, ' ') },
    subject: refs.patient(e.patientId),
    date: iso(e.onsetAt),
    seriousness: seriousness(e),
    severity: { coding: [{ system: AE_SEVERITY, ...AE_SEVERITY_CODE[e.severity] }] },
    ...(session ? { suspectEntity: [{ instance: session }] } : {}),
    ...(entered(e) ? { meta: { tag: [ENTERED_IN_ERROR_TAG] } } : {}),
  };
}

export function flagResource(f: Flag, refs: BundleRefs): WithId<FhirFlag> {
  return {
    resourceType: 'Flag',
    id: f.id,
    status: f.status === 'resolved' ? 'inactive' : 'active',
    category: [{ text: f.category }],
    code: { coding: [{ system: 'urn:ketamine-clinic:flag-rule', code: f.rule }], text: f.message },
    subject: refs.patient(f.patientId),
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
  const refs = bundleRefs(data.patient, data.sessions);
  const resources: FhirResource[] = [
    patientResource(data.patient),
    ...data.sessions.map((s) => medicationAdministrationResource(s, refs)),
    ...data.phq9.map((a) => phq9Resource(a, refs)),
    ...data.observations.flatMap((o) => vitalSignResources(o, refs)),
    ...data.sideEffects.map((e) => adverseEventResource(e, refs)),
    ...data.flags.map((f) => flagResource(f, refs)),
  ];
  return {
    resourceType: 'Bundle',
    id,
    type: 'collection',
    timestamp: iso(now),
    entry: resources.map((resource) => ({ fullUrl: fullUrl(resource.id), resource })),
  };
}
