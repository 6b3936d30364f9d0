/** Named scenarios of blood pressure and heart rate (CLINICAL.md s4 bp.*, hr.*). */
import type { Scenario } from '../model';
import type { Vitals } from '../vitals';
import type { ScenarioDefinition } from './definition';

/** The sessions (0-based) of the single-session scenarios; the others are in the latest session. */
const SEVERE_BP_SESSION = 1;
const TACHYCARDIA_SESSION = 1;
const BP_RISE_SESSION = 3;
const VASOVAGAL_SESSION = 1;

/** Scenario RC-00007: BP 182/104 at 40 min (end of the infusion), settling without treatment. */
const SEVERE_BP_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  0: { systolic: 139, diastolic: 85 },
  15: { systolic: 152, diastolic: 90, heartRate: 88 },
  30: { systolic: 170, diastolic: 98, heartRate: 94 },
  40: { systolic: 182, diastolic: 104, heartRate: 97 },
  60: { systolic: 164, diastolic: 96, heartRate: 90 },
  90: { systolic: 146, diastolic: 88, heartRate: 82 },
};

/** Scenario RC-00015: anxious at peak, heart rate 127 at 40 min (session 2), settling by 90 min. */
const TACHYCARDIA_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  15: { heartRate: 104 },
  30: { heartRate: 118 },
  40: { heartRate: 127 },
  60: { heartRate: 108 },
  90: { heartRate: 88 },
};

/**
 * Scenario RC-00016: BP 118/74 before the dose, 160/100 at 40 min (a rise of 42/26, below 180/110;
 * the Spravato label's >= 40/25 rise), back to 124/78 by 120 min (session 4, esketamine 84 mg).
 */
const BP_RISE_PRE = { sys: 118, dia: 74 };
const BP_RISE_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  0: { systolic: 121, diastolic: 76 },
  15: { systolic: 136, diastolic: 86 },
  30: { systolic: 152, diastolic: 95 },
  40: { systolic: 160, diastolic: 100 },
  60: { systolic: 146, diastolic: 91 },
  90: { systolic: 130, diastolic: 82 },
  120: { systolic: 124, diastolic: 78 },
};

/** Scenario NG-00038: a vasovagal episode on standing at the 60-min check (session 2, IV). */
const VASOVAGAL_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  60: { systolic: 84, diastolic: 48, heartRate: 46 },
  90: { systolic: 112, diastolic: 70, heartRate: 64 },
};

export const CARDIOVASCULAR_SCENARIOS = {
  // RC-00006: the pre-dose BP itself is drawn above 140/90 (vitals.ts effectPlan).
  predose_bp: {
    response: 'responder',
    rules: ['bp.predose_elevated'],
    session: ({ effects, last }) =>
      last
        ? `Pre-dose BP ${effects.pre.sys}/${effects.pre.dia}, repeated after 5 min rest; reviewed by psychiatrist, proceed.`
        : null,
  },
  severe_bp: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 3,
    rules: ['bp.severe', 'bp.rise'],
    session: ({ effects, i }) => {
      if (i !== SEVERE_BP_SESSION) return null;
      effects.pre = { ...effects.pre, sys: 138, dia: 84 };
      effects.table = (m) => SEVERE_BP_TABLE[m];
      return 'BP 182/104 at 40 min (end of infusion). Reviewed by psychiatrist; no treatment needed, settled by 90 min. Recheck before the next session.';
    },
    sideEffect: ({ i }) =>
      i === SEVERE_BP_SESSION
        ? {
            type: 'hypertension',
            severity: 'moderate',
            minute: 40,
            notes: 'BP 182/104 at end of infusion; asymptomatic; settled without treatment',
          }
        : null,
  },
  tachycardia: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 2,
    rules: ['hr.tachycardia'],
    session: ({ effects, i }) => {
      if (i !== TACHYCARDIA_SESSION) return null;
      effects.table = (m) => TACHYCARDIA_TABLE[m];
      return 'Palpitations and anxiety at the end of the infusion, HR 127 at 40 min, sinus rhythm; reassurance, settled by 90 min.';
    },
    sideEffect: ({ i }) =>
      i === TACHYCARDIA_SESSION
        ? {
            type: 'anxiety',
            severity: 'moderate',
            minute: 35,
            notes:
              'Palpitations at the end of the infusion, HR 127; reassurance; settled by 90 min',
          }
        : null,
  },
  bp_rise: {
    protocol: 'esketamine',
    response: 'remitter',
    sessions: 8,
    lastDaysAgo: 4,
    rules: ['bp.rise'],
    session: ({ effects, i }) => {
      if (i !== BP_RISE_SESSION) return null;
      effects.pre = { ...effects.pre, ...BP_RISE_PRE };
      effects.table = (m) => BP_RISE_TABLE[m];
      return 'BP 160/100 at 40 min (pre-dose 118/74): rise of 42/26, reviewed by psychiatrist, no treatment; 124/78 at 120 min.';
    },
    sideEffect: ({ i }) =>
      i === BP_RISE_SESSION
        ? {
            type: 'hypertension',
            severity: 'mild',
            minute: 40,
            notes: 'BP 160/100 at 40 min from 118/74 pre-dose; asymptomatic',
          }
        : null,
  },
  vasovagal: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 5,
    rules: ['bp.hypotension', 'hr.bradycardia'],
    session: ({ effects, i }) => {
      if (i !== VASOVAGAL_SESSION) return null;
      effects.table = (m) => VASOVAGAL_TABLE[m];
      return 'Vasovagal episode on standing at the 60-min check: pale and sweaty, BP 84/48, HR 46; laid flat with legs raised, recovered by 90 min.';
    },
    sideEffect: ({ i }) =>
      i === VASOVAGAL_SESSION
        ? {
            type: 'dizziness',
            severity: 'moderate',
            minute: 58,
            notes:
              'Vasovagal episode on standing: BP 84/48, HR 46; laid flat, legs raised; recovered by 90 min',
          }
        : null,
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
