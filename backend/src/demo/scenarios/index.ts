/**
 * The named scenarios (demo-seed.ts header): who carries which, what each one sets up, and the
 * other designated patients (today's board, the PHQ-9s with missing items).
 */
import type { RuleId } from '@clinic/shared';
import { mrnOf } from '../demo-clinics';
import type { Protocol, Scenario } from '../model';
import { CARDIOVASCULAR_SCENARIOS } from './cardiovascular';
import { COURSE_SCENARIOS } from './course';
import type { ScenarioDefinition } from './definition';
import { MISUSE_SCENARIOS } from './misuse';
import { MONITORING_SCENARIOS } from './monitoring';
import { SEDATION_SCENARIOS } from './sedation';
import { SUICIDE_RISK_SCENARIOS } from './suicide-risk';

/** Every scenario's definition, by its group. */
export const SCENARIO_DEFINITIONS: Readonly<Record<Scenario, ScenarioDefinition>> = {
  ...SEDATION_SCENARIOS,
  ...MISUSE_SCENARIOS,
  ...SUICIDE_RISK_SCENARIOS,
  ...CARDIOVASCULAR_SCENARIOS,
  ...MONITORING_SCENARIOS,
  ...COURSE_SCENARIOS,
};

/** The definition of a plan's scenario, or null for a patient without one. */
export const definitionOf = (scenario: Scenario | null): ScenarioDefinition | null =>
  scenario === null ? null : SCENARIO_DEFINITIONS[scenario];

/**
 * Patients carrying a named scenario, per clinic: 0-based index -> scenario (MRN RC-/NG-
 * {index + 1}).
 * Indices 12 and 20 of Riverside are left to the PHQ-9s with missing items (MISSING_ITEMS).
 */
export const SCENARIOS: readonly Readonly<Record<number, Scenario>>[] = [
  {
    0: 'dissociation',
    1: 'misuse',
    2: 'tolerance',
    3: 'item9_1',
    4: 'item9_2',
    5: 'predose_bp',
    6: 'severe_bp',
    10: 'worsening',
    11: 'deep_sedation',
    13: 'respiratory',
    14: 'tachycardia',
    15: 'bp_rise',
    16: 'early_discharge',
    17: 'reported_use',
  },
  // The v2 scenarios are the last patients of the last clinic: what they change in the random
  // draws reaches no other patient.
  {
    3: 'overdue',
    34: 'off_protocol',
    35: 'override',
    36: 'serious_ae',
    37: 'vasovagal',
    38: 'item9_unanswered',
    39: 'no_predose',
  },
];

export interface DemoScenario {
  mrn: string;
  scenario: Scenario;
  /** Exactly the rules the signals engine raises on this patient (and on no one else for most). */
  rules: readonly RuleId[];
}

/** The named scenarios (header comment), for the tests that check the engine against them. */
export const DEMO_SCENARIOS: readonly DemoScenario[] = SCENARIOS.flatMap((byIndex, clinicIndex) =>
  Object.entries(byIndex).map(([index, scenario]) => ({
    mrn: mrnOf(clinicIndex, Number(index)),
    scenario,
    rules: SCENARIO_DEFINITIONS[scenario].rules,
  })),
);

/** Today's board: patient index -> minutes since the dose start of the in-progress session. */
export const BOARD: readonly Readonly<Record<number, { elapsed: number; protocol: Protocol }>>[] = [
  {
    5: { elapsed: 22, protocol: 'iv' },
    7: { elapsed: 7, protocol: 'esketamine' },
    8: { elapsed: 61, protocol: 'iv' },
    9: { elapsed: 93, protocol: 'iv' },
  },
  {
    0: { elapsed: 14, protocol: 'iv' },
    1: { elapsed: 47, protocol: 'esketamine' },
    2: { elapsed: 83, protocol: 'im' },
    3: { elapsed: 56, protocol: 'esketamine' },
    39: { elapsed: 24, protocol: 'iv' },
  },
];
/**
 * The re-induction patient of each clinic (v2, CLINICAL.md s8): index of RC-00020 and NG-00021,
 * no named scenario: a first IV course ended months ago, then a re-induction in progress.
 */
export const REINDUCTION: readonly number[] = [19, 20];

/** PHQ-9s with missing items: [clinic, patient index, missing items]. */
export const MISSING_ITEMS: readonly (readonly [number, number, number])[] = [
  [0, 12, 1],
  [0, 20, 3],
  [1, 6, 2],
  [1, 14, 1],
];
