/** Named scenarios of dissociation, sedation and breathing (CLINICAL.md s4 dissociation.*, sedation.*, respiratory.*). */
import type { Scenario } from '../model';
import type { Vitals } from '../vitals';
import type { ScenarioDefinition } from './definition';

/** The session (0-based) of the deep sedation; the other scenarios here are in the latest session. */
export const DEEP_SEDATION_SESSION = 2;

/** Scenario RC-00001: marked dissociation, still present at the end of the 120-min monitoring. */
const DISSOCIATION_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  30: { cadss6: [3, 2, 2, 2, 1, 1], moaas: 3 },
  40: { cadss6: [4, 3, 3, 2, 2, 1], moaas: 3 },
  60: { cadss6: [3, 2, 2, 1, 1, 1], moaas: 4 },
  90: { cadss6: [2, 1, 1, 1, 0, 0], moaas: 5 },
  120: { cadss6: [1, 1, 0, 0, 0, 0], moaas: 5 },
};

/** Scenario RC-00012: IM 0.75 mg/kg, MOAA/S 1 at 30 min (session 3); airway and SpO2 kept. */
const DEEP_SEDATION_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  15: { moaas: 2, spo2: 96, respiratoryRate: 13 },
  30: { moaas: 1, spo2: 95, respiratoryRate: 12 },
  40: { moaas: 3, spo2: 96 },
  60: { moaas: 4 },
  75: { moaas: 5 },
};

/** Scenario RC-00014: esketamine 84 mg with lorazepam on board: SpO2 91% and RR 9/min at 40 min. */
const RESPIRATORY_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  30: { spo2: 93, respiratoryRate: 11, moaas: 4 },
  40: { spo2: 91, respiratoryRate: 9, moaas: 4 },
  60: { spo2: 95, respiratoryRate: 12, moaas: 5 },
};

// The esketamine scenarios here take 84 mg from session 2 (plans.ts courseDoses); the
// respiratory one also takes lorazepam (plans.ts, the patient's medications).
export const SEDATION_SCENARIOS = {
  dissociation: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 9,
    lastDaysAgo: 2,
    rules: ['dissociation.marked', 'dissociation.unresolved', 'sedation.moderate'],
    gaps: [3, 4, 3, 4, 3, 4, 3, 7],
    session: ({ effects, last }) => {
      if (!last) {
        // Moderate dissociation at every session, resolving by 90 min.
        effects.cadssPeak = [2, 2, 1, 2, 1, 1];
        return null;
      }
      effects.table = (m) =>
        DISSOCIATION_TABLE[m] ?? (m > 120 ? { cadss6: [0, 0, 0, 0, 0, 0] } : undefined);
      return 'Marked depersonalisation and derealisation from 30 min; quiet room and reassurance. CADSS-6 still 2 at 120 min, resolved at 135 min.';
    },
    sideEffect: ({ last }) =>
      last
        ? {
            type: 'dissociation',
            severity: 'severe',
            minute: 30,
            notes:
              'Marked depersonalisation and derealisation; distressing at peak; resolved by 135 min',
          }
        : null,
  },
  deep_sedation: {
    protocol: 'im',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 5,
    rules: ['sedation.deep', 'sedation.moderate'],
    session: ({ effects, i }) => {
      if (i !== DEEP_SEDATION_SESSION) return null;
      effects.table = (m) => DEEP_SEDATION_TABLE[m];
      return 'MOAA/S 1 at 30 min (responded only to trapezius squeeze); airway patent, SpO2 95-96% on room air, no intervention needed. MOAA/S 5 by 75 min. Dose reduced to 0.5 mg/kg from the next session.';
    },
    sideEffect: ({ i }) =>
      i === DEEP_SEDATION_SESSION
        ? {
            type: 'sedation',
            severity: 'severe',
            minute: 25,
            notes:
              'Responded only to trapezius squeeze at 30 min (MOAA/S 1); airway patent, SpO2 95%; recovered by 75 min',
          }
        : null,
  },
  respiratory: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 8,
    lastDaysAgo: 3,
    rules: ['respiratory.depression'],
    session: ({ effects, last }) => {
      if (!last) return null;
      effects.table = (m) => RESPIRATORY_TABLE[m];
      return 'Took lorazepam 0.5 mg the night before. SpO2 91% and RR 9/min at 40 min: roused, deep-breathing prompts, oxygen 2 L/min for 10 min; SpO2 95% at 60 min. Benzodiazepine timing discussed.';
    },
    sideEffect: ({ last }) =>
      last
        ? {
            type: 'other',
            severity: 'moderate',
            minute: 38,
            notes: 'Shallow breathing: SpO2 91%, RR 9/min at 40 min; oxygen 2 L/min for 10 min',
          }
        : null,
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
