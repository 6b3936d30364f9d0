/**
 * Named scenarios of monitoring, discharge and adverse events (CLINICAL.md s4 monitoring.*,
 * discharge.before_ready, adverse.serious).
 */
import type { Scenario } from '../model';
import type { Vitals } from '../vitals';
import type { ScenarioDefinition } from './definition';

/** Scenario NG-00004: the scheduled observation missed in today's session. */
export const OVERDUE_MISSED_MINUTE = 40;
/** Scenario RC-00017: the last observation before the early discharge. */
export const EARLY_DISCHARGE_LAST_MINUTE = 60;
/** Scenario RC-00017: the psychiatrist's override of the discharge criteria (CLINICAL.md s3). */
export const EARLY_DISCHARGE_REASON =
  'Patient insists on leaving to collect a child from school; partner present as escort and to stay with the patient; advised not to drive or make decisions for 24 h; nurse to phone tomorrow.';

/** Scenario RC-00017: still lethargic (MOAA/S 4) at 60 min when the patient insists on leaving. */
const EARLY_DISCHARGE_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  40: { moaas: 4 },
  60: { moaas: 4, cadss6: [0, 0, 0, 0, 0, 0] },
};

/** Scenario NG-00037: the serious adverse event (21 CFR 312.32, hospitalisation), latest session. */
const SERIOUS_AE_NOTE =
  'Chest tightness at 45 min with new ST depression on ECG; transferred to the emergency department and admitted overnight for observation; troponin negative, home the next day.';

// The observations these scenarios leave out (the missed 40-min check, the pre-dose BP, those
// after the early discharge) are left out where the session is observed (sessions.ts).
export const MONITORING_SCENARIOS = {
  overdue: { protocol: 'esketamine', response: 'responder', rules: ['monitoring.overdue'] },
  no_predose: {
    protocol: 'iv',
    response: 'responder',
    rules: ['monitoring.no_predose'],
    session: ({ inProgress }) =>
      inProgress
        ? 'Automated cuff failed at the pre-dose check; dose given without a manual BP.'
        : null,
  },
  early_discharge: {
    protocol: 'iv',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 6,
    rules: ['discharge.before_ready'],
    session: ({ effects, last }) => {
      if (!last) return null;
      effects.table = (m) => EARLY_DISCHARGE_TABLE[m];
      return 'Asked to leave at 60 min to collect a child from school; still lethargic (MOAA/S 4). Discharged against advice by the psychiatrist into the care of a partner; told not to drive for 24 h. Phone check next morning: well.';
    },
  },
  serious_ae: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 3,
    rules: ['adverse.serious'],
    session: ({ last }) => (last ? SERIOUS_AE_NOTE : null),
    // Serious by its consequence (hospitalisation), moderate in intensity: not the same thing.
    sideEffect: ({ last }) =>
      last
        ? {
            type: 'other',
            severity: 'moderate',
            minute: 45,
            notes: SERIOUS_AE_NOTE,
            seriousCriterion: 'hospitalisation',
          }
        : null,
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
