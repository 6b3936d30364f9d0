/**
 * The built-in protocol templates of CLINICAL.md s8 and the screening classification of s9: data
 * from the specification, written once. Clinics copy a template to adjust it (POST /protocols);
 * the misuse rules read the protocol in force for the course.
 */
import type { Drug } from '../api/enums';
import type { ProtocolDto, ScreeningItem } from '../api/course-types';

/** Stable ids of the built-in templates (the migration inserts them with these ids). */
export const BUILT_IN_PROTOCOL_IDS = {
  esketamineUs: '5e7a0000-0000-4000-8000-000000000001',
  esketamineOver65: '5e7a0000-0000-4000-8000-000000000002',
  esketamineAcuteSi: '5e7a0000-0000-4000-8000-000000000003',
  ketamineIv: '5e7a0000-0000-4000-8000-000000000004',
} as const;

const builtIn = (
  p: Omit<ProtocolDto, 'clinicId' | 'builtIn' | 'basedOnId' | 'createdAt' | 'createdBy'>,
): Readonly<ProtocolDto> =>
  Object.freeze({
    ...p,
    clinicId: null,
    builtIn: true,
    basedOnId: null,
    createdAt: null,
    createdBy: null,
  });

/** CLINICAL.md s8 table, row by row. */
export const BUILT_IN_PROTOCOLS: readonly Readonly<ProtocolDto>[] = [
  builtIn({
    id: BUILT_IN_PROTOCOL_IDS.esketamineUs,
    name: 'Esketamine (US label)',
    drug: 'esketamine',
    route: 'intranasal',
    source: 'Spravato US PI s2',
    // 8 sessions within 28 days, at most 2 in any 7 days
    induction: { sessions: 8, withinDays: 28, maxPerWeek: 2, minDaysBetween: 1 },
    // weeks 5-8 at most 1 in 7 days; from week 9 every 1-2 weeks
    maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
    // day 1 56 mg; then 56 or 84 mg; devices of 28 mg
    dosePlan: { unit: 'mg', first: 56, steps: [56, 84], max: 84 },
  }),
  builtIn({
    id: BUILT_IN_PROTOCOL_IDS.esketamineOver65,
    name: 'Esketamine, age >= 65 (EU SmPC)',
    drug: 'esketamine',
    route: 'intranasal',
    source: 'Spravato EU SmPC',
    induction: { sessions: 8, withinDays: 28, maxPerWeek: 2, minDaysBetween: 1 },
    maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
    // day 1 28 mg; then 28, 56 or 84 mg, steps of 28 mg
    dosePlan: { unit: 'mg', first: 28, steps: [28, 56, 84], max: 84 },
  }),
  builtIn({
    id: BUILT_IN_PROTOCOL_IDS.esketamineAcuteSi,
    name: 'Esketamine, acute suicidal ideation',
    drug: 'esketamine',
    route: 'intranasal',
    source: 'Spravato US PI (MDD with acute suicidal ideation)',
    // 8 sessions within 28 days, at most 2 in 7 days; no maintenance studied
    induction: { sessions: 8, withinDays: 28, maxPerWeek: 2, minDaysBetween: 1 },
    maintenance: null,
    // 84 mg (56 mg if not tolerated)
    dosePlan: { unit: 'mg', first: 84, steps: [56, 84], max: 84 },
  }),
  builtIn({
    id: BUILT_IN_PROTOCOL_IDS.ketamineIv,
    name: 'IV ketamine 0.5 mg/kg',
    drug: 'ketamine',
    route: 'iv',
    source: 'Oliver 2022; McInnes 2022 (4-8 over 7-28 days)',
    // 6 infusions within 21 days, at most 3 in 7 days
    induction: { sessions: 6, withinDays: 21, maxPerWeek: 3, minDaysBetween: 1 },
    // at most 1 in 7 days, as response needs
    maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
    // 0.5 mg/kg over 40 min; steps of 0.1-0.25 mg/kg up to the clinic's usual maximum (0.75)
    dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6, 0.7, 0.75], max: 0.75 },
  }),
];

/** Days a screening stays valid for a course's first session (CLINICAL.md s9). */
export const SCREENING_VALID_DAYS = 30;

/**
 * Absolute contraindications per drug (CLINICAL.md s9): esketamine US PI s4; ketamine:
 * hypersensitivity only. Every other item is relative for both drugs.
 */
export const ABSOLUTE_CONTRAINDICATIONS: Readonly<Record<Drug, readonly ScreeningItem[]>> = {
  esketamine: [
    'aneurysmal_vascular_disease',
    'arteriovenous_malformation',
    'intracerebral_haemorrhage',
    'hypersensitivity',
  ],
  ketamine: ['hypersensitivity'],
};

/** Discharge advice of the label (CLINICAL.md s9), shown on the discharge screen. */
export const DISCHARGE_ADVICE: readonly string[] = [
  'No driving or hazardous activity (operating machinery) until the next day, after a restful sleep.',
  'Someone must take the patient home.',
];
