/**
 * Demo data (API.md "Bootstrap and demo data"): two clinics, their staff and ~40 synthetic patients
 * each, with treatment courses dated relative to `now` so that the dashboard always looks alive.
 * Everything is deterministic: the same `now` gives the same records (ids included); only the
 * password hash differs between runs (argon2 salts).
 *
 * Clinical realism follows CLINICAL.md: IV racemic ketamine 0.5 mg/kg over 40 min (6 sessions within
 * ~21 days, then spaced), esketamine 56/84 mg intranasal (twice weekly, then weekly), a few IM
 * courses; observations at the clinic schedule (DEFAULT_THRESHOLDS.scheduledObservationMinutes) with
 * BP peaking ~+16/+11 mmHg at 40 min, MOAA/S dipping to 4 (sometimes 3) at 30-40 min and CADSS-6
 * peaking at 40 min and resolving before discharge; PHQ-9 at baseline (two-week recall), before
 * some sessions, and 24 h / 72 h after most sessions (24-hour recall). Every derived value is
 * computed with the shared clinical functions.
 *
 * Named scenarios (MRN -> scenario -> the exact rules of CLINICAL.md s4 the signals engine raises on
 * that patient; DEMO_SCENARIOS below says the same for the tests):
 *   RC-00001  marked dissociation: esketamine 84 mg; in the latest session CADSS-6 reaches 15 with
 *             an item at 4 at 40 min (MOAA/S 3 at 30-40 min) and is still 2 at 120 min (end of
 *             minimum monitoring); resolved at 135 min, discharged after.
 *             -> dissociation.marked, dissociation.unresolved, sedation.moderate
 *   RC-00002  misuse pattern: IV course; sessions 7-9 within 6 days, doses 0.6 -> 0.7 -> 0.8 mg/kg
 *             (~1.6 x the first 0.5 mg/kg; the last above the usual 0.75 mg/kg), two risk events
 *             "early_session_request" within 30 days, a "craving" risk event and a
 *             "urinary_symptoms" side effect; partial responder.
 *             -> misuse.session_frequency, misuse.dose_escalation, misuse.craving,
 *                misuse.urinary_symptoms, nonresponse.after_induction
 *   RC-00003  tolerance: IV 0.5 mg/kg throughout; over the last 3 sessions the 24-h PHQ-9
 *             improvement over the pre-dose score falls 9 -> 6 -> 2 at the same dose.
 *             -> tolerance.diminishing_response
 *   RC-00004  PHQ-9 item 9 = 1 (the 24-h follow-up after the latest session), non-responder.
 *             -> phq9.item9_positive, nonresponse.after_induction
 *   RC-00005  PHQ-9 item 9 = 2 (the pre-dose PHQ-9 of the latest session), partial responder;
 *             a C-SSRS screener 25 min after that PHQ-9 (wish to be dead, an aborted attempt years
 *             ago: moderate risk) and a safety plan (written at intake, reviewed after the
 *             screener: two versions). RC-00004's item-9 flag has no screener (CLINICAL.md s10).
 *             -> phq9.item9_positive, suicide_risk.moderate, nonresponse.after_induction
 *   RC-00006  pre-dose BP above 140/90 at every session (also on today's board).
 *             -> bp.predose_elevated (one flag per session)
 *   RC-00007  BP 182/104 at 40 min in session 2 (IV; pre-dose 138/84, a rise of 44/20), back to
 *             baseline by discharge.  -> bp.severe, bp.rise
 *   RC-00011  worsening: IV non-responder, baseline PHQ-9 14; after a bereavement between sessions
 *             6 and 7 every PHQ-9 is 19-21 (>= baseline + 5); a C-SSRS screener 30 min after the
 *             latest PHQ-9 (suicidal thoughts with a method and intent, no plan: high risk).
 *             -> phq9.worsening, suicide_risk.high, nonresponse.after_induction
 *   RC-00012  deep sedation: IM 0.75 mg/kg; in session 3 MOAA/S 2 at 15 min, 1 at 30 min, 3 at
 *             40 min, 5 by 75 min (airway patent, SpO2 95-96%); 0.5 mg/kg from session 4.
 *             -> sedation.deep, sedation.moderate
 *   RC-00014  respiratory depression: esketamine 84 mg with lorazepam among the medications; in the
 *             latest session SpO2 91% and RR 9/min at 40 min (MOAA/S 4), oxygen for 10 min, SpO2
 *             95% at 60 min.  -> respiratory.depression
 *   RC-00015  tachycardia: IV; heart rate 127 at 40 min in session 2 with palpitations and anxiety,
 *             88 by 90 min.  -> hr.tachycardia
 *   RC-00016  BP rise: esketamine 84 mg; in session 4 BP 118/74 before the dose, 160/100 at 40 min
 *             (a rise of 42/26, below 180/110), 124/78 at 120 min.  -> bp.rise
 *   RC-00017  early discharge: IV; in the latest session the patient leaves after the 60-min
 *             check, still MOAA/S 4 and before the 100-min minimum monitoring, discharged by the
 *             psychiatrist with an override reason (dischargeOverrideReason; readyAt null).
 *             -> discharge.before_ready
 *   RC-00018  reported use: IV responder; at the pre-dose check of the latest session discloses
 *             ketamine bought online and taken at home (risk event "reported_nonclinic_use").
 *             -> misuse.reported_use
 *   NG-00004  overdue observation: esketamine, on today's board 56-59 min after the dose with the
 *             40-min observation missed (observations before the dose, at 0, 15 and 30 min), so the
 *             next scheduled observation is more than 10 min late at `now`.  -> monitoring.overdue
 *   NG-00037  serious adverse event (v2): esketamine; in the latest session chest tightness at 45 min
 *             with ECG changes, admitted overnight: a side effect of moderate severity recorded as
 *             serious, criterion hospitalisation (serious is not severe, 21 CFR 312.32).
 *             -> adverse.serious
 *   NG-00038  vasovagal episode (v2): IV; in session 2 BP 84/48 and heart rate 46 on standing at
 *             the 60-min check, laid flat, 112/70 and 64 by 90 min.  -> bp.hypotension,
 *             hr.bradycardia
 *   NG-00039  item 9 not answered (v2): the paper 24-h PHQ-9 after the latest session, entered by
 *             the nurse with item 9 blank (total prorated from 8 items).  -> phq9.item9_unanswered
 *   NG-00040  no pre-dose BP (v2): on today's board ~24 min after the dose; the pre-dose check has
 *             MOAA/S and SpO2 but no BP (cuff failure), readings at 0 and 15 min.
 *             -> monitoring.no_predose
 * The v2 scenarios are the last patients of Northgate, so that what they change in the random draws
 * reaches no other patient.
 * The scenarios are otherwise clean: they never reach MOAA/S 3 outside their tables, return every
 * follow-up PHQ-9 (and a pre-dose one stands in for the 72-h window when the next session is 3
 * days later), and their response type is fixed.
 * Today's board (session in progress, started 5-100 min before `now`): RC-00006, RC-00008,
 * RC-00009, RC-00010 and NG-00001, NG-00002, NG-00003, NG-00004, NG-00040. These follow `now`
 * even outside clinic hours (so the board is never empty); every other session is in clinic hours,
 * local time.
 * Nobody else has a third session within 7 days, a dose above 1.5 x their first (or a dose
 * warning), a pre-dose BP above 140/90, a BP >= 180/110 or a rise >= 40/25, a heart rate above
 * 120, an SpO2 below 92% or a breathing rate below 10, MOAA/S 1 or less, marked dissociation, a
 * BP below 90/50 or a heart rate below 50, a pre-dose check without a BP, a serious side effect, a
 * PHQ-9 without item 9,
 * dissociation left at the end of minimum monitoring (IM dissociation resolves by 55 min), a missed
 * scheduled observation, a discharge override, a positive item 9, a risk event, a craving or
 * urinary side effect, a C-SSRS screener or a safety plan, a PHQ-9 >= baseline + 5 or the tolerance pattern (courses that would show
 * it by chance are redrawn).
 * Rules that realistic data raises beyond the scenarios, by design:
 *   sedation.moderate           every session with MOAA/S 3 at 30-40 min (~4% of IV/IM sessions,
 *                               ~7% of esketamine ones, never in a scenario outside its table);
 *   nonresponse.after_induction every partial or non-responder (all courses have >= 6 sessions; no
 *                               PHQ-9 of theirs reaches 50% of the baseline), never a responder
 *                               or remitter (each of them has a PHQ-9 that does);
 *   followup.missed             every session whose 24-h (12-36 h) or 72-h (48-96 h) window closed
 *                               in the last 14 days with no PHQ-9 in it: ~12% of 24-h follow-ups
 *                               and ~22% of 72-h ones are not returned, and a pre-dose PHQ-9 fills
 *                               the 72-h window only when one was given.
 * PHQ-9s with missing items: one prorated (1 item) on RC-00013 and an invalid one (3 items) on
 * RC-00021; prorated ones (2 and 1 items) on NG-00007 and NG-00015.
 * No flags are inserted: the signals engine raises them from these records.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  attributeToSession,
  cadss6Total,
  checkDose,
  computeResponse,
  cssrsRisk,
  DAY_MS,
  DEFAULT_THRESHOLDS,
  dischargeReadiness,
  type Drug,
  HOUR_MS,
  hoursBetween,
  MINUTE_MS,
  minutesSinceDose,
  nonTimeCriteria,
  type PatientResponseDto,
  type RecallPeriod,
  responseCategory,
  type Route,
  type RuleId,
  scorePhq9,
  type Sex,
  type SideEffectSeverity,
  type SideEffectType,
} from '@clinic/shared';
import { Phq9Assessment } from '../../assessments/phq9-assessment.entity';
import { RiskEvent } from '../../assessments/risk-event.entity';
import { CssrsScreening } from '../../suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../../suicide-risk/safety-plan.entity';
import { hashPassword } from '../../auth/auth.service';
import { Clinic } from '../../clinics/clinic.entity';
import { type AuditRow, appendAudit } from '../../common/audit/audit-chain';
import { Patient } from '../../patients/patient.entity';
import { patientSearchText } from '../../patients/patient.mapper';
import { DosingSession } from '../../sessions/dosing-session.entity';
import { Observation } from '../../sessions/observation.entity';
import { SideEffect } from '../../sessions/side-effect.entity';
import { User, UserClinic } from '../../users/user.entity';
import { createPrng, type Prng } from './prng';

export const DEMO_CLINICS: readonly { name: string; domain: string; timezone: string }[] = [
  { name: 'Riverside Clinic', domain: 'riverside.demo.clinic', timezone: 'America/New_York' },
  { name: 'Northgate Clinic', domain: 'northgate.demo.clinic', timezone: 'America/Chicago' },
];

const DATA_SEED = 0x6b657461; // "keta"
const ID_SEED = 0x6d696e65; // "mine"
const PATIENTS_PER_CLINIC = 40;
const T = DEFAULT_THRESHOLDS;

const MRN_PREFIX = ['RC', 'NG'];
const STAFF: readonly { psychiatrist: string; nurse: string; manager: string }[] = [
  { psychiatrist: 'Dr Priya Raman', nurse: 'Sam Okafor', manager: 'Helen Brooks' },
  { psychiatrist: 'Dr Marcus Feld', nurse: 'Lucia Moreno', manager: 'Ben Carter' },
];

// Small, obviously synthetic name lists.
// prettier-ignore
const GIVEN: Record<'female' | 'male' | 'other', readonly string[]> = {
  female: ['Ada', 'Bea', 'Cleo', 'Dora', 'Edie', 'Faye', 'Gwen', 'Hana', 'Iris', 'Juno', 'Kit', 'Lena', 'Mae', 'Nell', 'Opal', 'Pia', 'Rosa', 'Tess', 'Vera', 'Wren'],
  male: ['Abe', 'Bram', 'Cal', 'Dex', 'Eli', 'Finn', 'Gus', 'Hal', 'Ike', 'Jude', 'Kai', 'Leo', 'Max', 'Ned', 'Otto', 'Rex', 'Sol', 'Ted', 'Vic', 'Zed'],
  other: ['Ash', 'Jody', 'Remy', 'Sky'],
};
// prettier-ignore
const FAMILY = [
  'Alder', 'Birch', 'Cedar', 'Dunlin', 'Ember', 'Fernley', 'Garnet', 'Heron', 'Indigo', 'Juniper',
  'Kestrel', 'Linden', 'Marlow', 'Nettle', 'Osprey', 'Plover', 'Quill', 'Rowan', 'Sorrel', 'Tansy',
  'Umber', 'Vale', 'Willow', 'Yarrow', 'Zephyr',
] as const;

const MEDICATIONS = [
  'sertraline 150 mg',
  'escitalopram 20 mg',
  'venlafaxine 225 mg',
  'bupropion 300 mg',
  'duloxetine 60 mg',
  'mirtazapine 30 mg',
  'aripiprazole 5 mg',
  'lamotrigine 100 mg',
  'lithium 600 mg',
  'trazodone 50 mg',
  'lorazepam 0.5 mg as needed',
] as const;
const LORAZEPAM = MEDICATIONS[MEDICATIONS.length - 1];

type Protocol = 'iv' | 'im' | 'esketamine';
type ResponseType = 'remitter' | 'responder' | 'partial' | 'non';
export type Scenario =
  | 'dissociation'
  | 'misuse'
  | 'tolerance'
  | 'item9_1'
  | 'item9_2'
  | 'predose_bp'
  | 'severe_bp'
  | 'worsening'
  | 'deep_sedation'
  | 'respiratory'
  | 'tachycardia'
  | 'bp_rise'
  | 'early_discharge'
  | 'reported_use'
  | 'overdue'
  | 'serious_ae'
  | 'vasovagal'
  | 'item9_unanswered'
  | 'no_predose';

/**
 * Patients carrying a named scenario, per clinic: 0-based index -> scenario (MRN RC-/NG-
 * {index + 1}).
 * Indices 12 and 20 of Riverside are left to the PHQ-9s with missing items (MISSING_ITEMS).
 */
const SCENARIOS: readonly Readonly<Record<number, Scenario>>[] = [
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
  { 3: 'overdue', 36: 'serious_ae', 37: 'vasovagal', 38: 'item9_unanswered', 39: 'no_predose' },
];
/**
 * How each scenario's course is set up: protocol (else drawn, or the board's), response type (every
 * scenario fixes it, so that nonresponse.after_induction is part of its design), number of sessions
 * and days since the last one (else drawn), and the exact rules of CLINICAL.md s4 it raises.
 */
const SCENARIO_SETUP: Readonly<
  Record<
    Scenario,
    {
      protocol?: Protocol;
      response: ResponseType;
      sessions?: number;
      lastDaysAgo?: number;
      rules: readonly RuleId[];
    }
  >
> = {
  dissociation: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 9,
    lastDaysAgo: 2,
    rules: ['dissociation.marked', 'dissociation.unresolved', 'sedation.moderate'],
  },
  misuse: {
    protocol: 'iv',
    response: 'partial',
    sessions: 9,
    lastDaysAgo: 3,
    rules: [
      'misuse.session_frequency',
      'misuse.dose_escalation',
      'misuse.craving',
      'misuse.urinary_symptoms',
      'nonresponse.after_induction',
    ],
  },
  tolerance: {
    protocol: 'iv',
    response: 'responder',
    sessions: 10,
    lastDaysAgo: 4,
    rules: ['tolerance.diminishing_response'],
  },
  item9_1: {
    protocol: 'iv',
    response: 'non',
    sessions: 8,
    lastDaysAgo: 2,
    rules: ['phq9.item9_positive', 'nonresponse.after_induction'],
  },
  item9_2: {
    protocol: 'esketamine',
    response: 'partial',
    sessions: 8,
    lastDaysAgo: 1,
    rules: ['phq9.item9_positive', 'suicide_risk.moderate', 'nonresponse.after_induction'],
  },
  predose_bp: { response: 'responder', rules: ['bp.predose_elevated'] },
  severe_bp: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 3,
    rules: ['bp.severe', 'bp.rise'],
  },
  worsening: {
    protocol: 'iv',
    response: 'non',
    sessions: 8,
    lastDaysAgo: 3,
    rules: ['phq9.worsening', 'suicide_risk.high', 'nonresponse.after_induction'],
  },
  deep_sedation: {
    protocol: 'im',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 5,
    rules: ['sedation.deep', 'sedation.moderate'],
  },
  respiratory: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 8,
    lastDaysAgo: 3,
    rules: ['respiratory.depression'],
  },
  tachycardia: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 2,
    rules: ['hr.tachycardia'],
  },
  bp_rise: {
    protocol: 'esketamine',
    response: 'remitter',
    sessions: 8,
    lastDaysAgo: 4,
    rules: ['bp.rise'],
  },
  early_discharge: {
    protocol: 'iv',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 6,
    rules: ['discharge.before_ready'],
  },
  reported_use: {
    protocol: 'iv',
    response: 'responder',
    sessions: 9,
    lastDaysAgo: 2,
    rules: ['misuse.reported_use'],
  },
  overdue: { protocol: 'esketamine', response: 'responder', rules: ['monitoring.overdue'] },
  serious_ae: {
    protocol: 'esketamine',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 3,
    rules: ['adverse.serious'],
  },
  vasovagal: {
    protocol: 'iv',
    response: 'remitter',
    sessions: 7,
    lastDaysAgo: 5,
    rules: ['bp.hypotension', 'hr.bradycardia'],
  },
  item9_unanswered: {
    protocol: 'iv',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 2,
    rules: ['phq9.item9_unanswered'],
  },
  no_predose: { protocol: 'iv', response: 'responder', rules: ['monitoring.no_predose'] },
};

const mrnOf = (clinicIndex: number, index: number): string =>
  `${MRN_PREFIX[clinicIndex]}-${String(index + 1).padStart(5, '0')}`;

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
    rules: SCENARIO_SETUP[scenario].rules,
  })),
);

/** Today's board: patient index -> minutes since the dose start of the in-progress session. */
const BOARD: readonly Readonly<Record<number, { elapsed: number; protocol: Protocol }>>[] = [
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
/** PHQ-9s with missing items: [clinic, patient index, missing items]. */
const MISSING_ITEMS: readonly (readonly [number, number, number])[] = [
  [0, 12, 1],
  [0, 20, 3],
  [1, 6, 2],
  [1, 14, 1],
];

// ---------------------------------------------------------------------------------------------
// Time

/** Local calendar days and times of a clinic's time zone (so sessions happen in clinic hours). */
class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly today: { year: number; month: number; day: number };

  constructor(timeZone: string, now: Date) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.today = this.parts(now.getTime());
  }

  private parts(ms: number): {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  } {
    const out: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') out[part.type] = Number(part.value);
    }
    return {
      year: out.year,
      month: out.month,
      day: out.day,
      hour: out.hour % 24,
      minute: out.minute,
      second: out.second,
    };
  }

  /** Offset of local time from UTC at the instant, in ms. */
  private offset(ms: number): number {
    const p = this.parts(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (ms % 1000));
  }

  /** The instant of `minuteOfDay` local time, `dayOffset` days from today's local date. */
  at(dayOffset: number, minuteOfDay: number): number {
    const { year, month, day } = this.today;
    const guess = Date.UTC(year, month - 1, day + dayOffset, 0, minuteOfDay);
    const first = guess - this.offset(guess);
    return guess - this.offset(first);
  }
}

const minutes = (n: number): number => n * MINUTE_MS;
const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/** Piecewise-linear interpolation through [minute, value] points (flat outside). */
function curve(points: readonly (readonly [number, number])[], m: number): number {
  if (m <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [m1, v1] = points[i];
    if (m <= m1) {
      const [m0, v0] = points[i - 1];
      return v0 + ((v1 - v0) * (m - m0)) / (m1 - m0);
    }
  }
  return points[points.length - 1][1];
}

/** Share of the session's peak BP rise: peaks at 40 min (Spravato label; Yale IV series). */
const BP_CURVE = [
  [0, 0],
  [15, 0.45],
  [30, 0.85],
  [40, 1],
  [60, 0.55],
  [90, 0.2],
  [120, 0.05],
  [150, 0],
] as const;
/** Share of the session's peak CADSS-6 items: peak around 40 min, resolved by 90 min. */
const CADSS_CURVE = [
  [0, 0],
  [15, 0.25],
  [30, 0.7],
  [40, 1],
  [60, 0.35],
  [90, 0],
] as const;
/**
 * IM ketamine acts sooner and for less long: the peak comes at ~30 min and dissociation has
 * resolved by the end of its 60-min minimum monitoring (else every IM session would leave unresolved).
 */
const IM_CADSS_CURVE = [
  [0, 0],
  [15, 0.8],
  [30, 1],
  [40, 0.6],
  [55, 0],
] as const;

// ---------------------------------------------------------------------------------------------
// Plans

interface ClinicCtx {
  index: number;
  id: string;
  clock: LocalClock;
  psychiatristId: string;
  nurseId: string;
  lots: Record<Protocol, readonly string[]>;
}

interface PatientPlan {
  clinic: ClinicCtx;
  index: number;
  id: string;
  mrn: string;
  weightKg: number;
  protocol: Protocol;
  response: ResponseType;
  sessionCount: number;
  scenario: Scenario | null;
  /** Minutes since the dose start of today's in-progress session, or null. */
  boardElapsed: number | null;
  /** Days between today and the last session (non-board patients). */
  lastDaysAgo: number;
  medications: string[];
  vitals: { sys: number; dia: number; hr: number; spo2: number; rr: number };
}

interface SessionDraft {
  row: DosingSession;
  observations: Observation[];
  /** Peak CADSS-6 total and deepest MOAA/S, for side effects. */
  peakCadss: number;
  lowestMoaas: number;
  end: number;
}

const SESSION_COUNTS: Record<Protocol, readonly number[]> = {
  iv: [6, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12],
  esketamine: [6, 7, 8, 8, 9, 10, 11, 12],
  im: [6, 6, 7, 8],
};

function weighted<T>(rng: Prng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

/** Days between consecutive sessions. No three sessions within 7 days (clinic cap: twice weekly). */
function courseGaps(plan: PatientPlan, rng: Prng): number[] {
  // Misuse: induction, a session 10 days later, then two early ones: sessions 7-9 within 6 days.
  if (plan.scenario === 'misuse') return [3, 4, 3, 4, 3, 10, 3, 3];
  if (plan.scenario === 'tolerance') return [3, 4, 3, 4, 3, 7, 7, 7, 7];
  if (plan.scenario === 'dissociation') return [3, 4, 3, 4, 3, 4, 3, 7];
  const induction = plan.protocol === 'esketamine' ? 8 : 6;
  const gaps: number[] = [];
  let previous = 0;
  for (let i = 1; i < plan.sessionCount; i++) {
    let gap: number;
    if (i < induction) {
      // Twice weekly (Mon/Thu-like), now and then a day later; two gaps always span >= 7 days.
      gap =
        previous === 0
          ? rng.pick([3, 4])
          : previous === 3
            ? rng.pick([4, 4, 4, 5])
            : rng.pick([3, 3, 4]);
      if (previous > 0 && previous + gap < 7) gap = 7 - previous;
    } else if (plan.protocol === 'esketamine') {
      gap = rng.pick([7, 7, 7, 8]); // weekly, weeks 5-8
    } else {
      gap = rng.pick([7, 7, 10, 14, 14, 21]); // maintenance: weekly to every 3 weeks
    }
    gaps.push(gap);
    previous = gap;
  }
  return gaps;
}

/** Dose of each session in mg (per-kg doses rounded to whole mg, as drawn up). */
function courseDoses(plan: PatientPlan, rng: Prng): number[] {
  const n = plan.sessionCount;
  const perKg = (mgPerKg: number): number => Math.round(mgPerKg * plan.weightKg);
  if (plan.scenario === 'misuse') {
    return Array.from({ length: n }, (_, i) =>
      perKg([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8][i] ?? 0.8),
    );
  }
  if (plan.protocol === 'esketamine') {
    // 56 mg first (Spravato label), titrated to 84 mg from session 2 or 3 in most.
    const titrateFrom =
      plan.scenario === 'dissociation' ||
      plan.scenario === 'bp_rise' ||
      plan.scenario === 'respiratory'
        ? 1
        : plan.scenario === 'item9_2'
          ? 2
          : rng.chance(0.6)
            ? rng.int(1, 2)
            : n;
    return Array.from({ length: n }, (_, i) => (i >= titrateFrom ? 84 : 56));
  }
  if (plan.scenario === 'deep_sedation') {
    // 0.75 mg/kg IM until the deeply sedated session, then 0.5 mg/kg.
    return Array.from({ length: n }, (_, i) => perKg(i <= DEEP_SEDATION_SESSION ? 0.75 : 0.5));
  }
  if (plan.protocol === 'im') {
    const mgPerKg = rng.pick([0.5, 0.6, 0.75]);
    return Array.from({ length: n }, () => perKg(mgPerKg));
  }
  // IV 0.5 mg/kg; some partial or non-responders are titrated to 0.6 mg/kg after induction.
  const titrate =
    plan.scenario === null &&
    (plan.response === 'partial' || plan.response === 'non') &&
    n > 6 &&
    rng.chance(0.4);
  return Array.from({ length: n }, (_, i) => perKg(titrate && i >= 6 ? 0.6 : 0.5));
}

/** Start of each session (ms), placed backwards from the last one. */
function placeSessions(plan: PatientPlan, gaps: number[], now: number, rng: Prng): number[] {
  const n = gaps.length + 1;
  const slot = rng.int(16, 29) * 30; // 08:00-14:30 local, the patient's usual slot
  const minuteOfDay = Array.from({ length: n }, () => slot + rng.int(-2, 2) * 5);
  const dayOffset: number[] = new Array<number>(n).fill(0);
  for (let i = n - 2; i >= 0; i--) dayOffset[i] = dayOffset[i + 1] - gaps[i];

  const starts: number[] = new Array<number>(n).fill(0);
  const { clock } = plan.clinic;
  if (plan.boardElapsed !== null) {
    const last = Math.floor((now - minutes(plan.boardElapsed)) / MINUTE_MS) * MINUTE_MS;
    starts[n - 1] = last;
    for (let i = 0; i < n - 1; i++) starts[i] = clock.at(dayOffset[i], minuteOfDay[i]);
    // The previous session must have ended long before (it may be "yesterday" right after midnight).
    while (starts[n - 1] - starts[n - 2] < 2 * DAY_MS) {
      for (let j = 0; j < n - 1; j++) starts[j] -= DAY_MS;
    }
  } else {
    let lastDaysAgo = plan.lastDaysAgo;
    // The last session must be long over (discharged, not in the future).
    while (clock.at(-lastDaysAgo, minuteOfDay[n - 1]) > now - 5 * HOUR_MS) lastDaysAgo++;
    for (let i = 0; i < n; i++) starts[i] = clock.at(dayOffset[i] - lastDaysAgo, minuteOfDay[i]);
  }
  // No third session within any rolling 7 days (clinic cap: twice weekly), except sessions 7-9 of
  // the misuse scenario. A session just inside 7 days of the one before last (same weekday, a
  // little earlier in the day) moves a little later that day; otherwise the earlier sessions move
  // back a day.
  const minSpan = 7 * DAY_MS + minutes(10);
  for (let i = 2; i < n; i++) {
    if (plan.scenario === 'misuse' && i === 8) continue;
    const deficit = starts[i - 2] + minSpan - starts[i];
    if (deficit <= 0) continue;
    const later = starts[i - 2] + minSpan + minutes(rng.int(0, 4) * 5);
    const fixedTime = i === n - 1 && (plan.boardElapsed !== null || later > now - 5 * HOUR_MS);
    if (deficit <= 3 * HOUR_MS && !fixedTime) {
      starts[i] = later;
    } else {
      while (starts[i] - starts[i - 2] < minSpan) {
        for (let j = 0; j < i; j++) starts[j] -= DAY_MS;
      }
    }
  }
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Monitoring

interface Vitals {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number;
  moaas: number;
  cadss6: number[] | null;
}

interface EffectPlan {
  pre: { sys: number; dia: number; hr: number; spo2: number; rr: number };
  sysRise: number;
  diaRise: number;
  hrRise: number;
  /** 0: MOAA/S stays 5; 1: dips to 4; 2: dips to 3 at 30-40 min. */
  sedation: 0 | 1 | 2;
  sedationOnset: number;
  sedationRecovery: number;
  cadssPeak: number[];
  cadssCurve: readonly (readonly [number, number])[];
  /** Scenario values by scheduled minute, over the modelled ones. */
  table?: (m: number) => Partial<Vitals> | undefined;
}

function effectPlan(plan: PatientPlan, drug: Drug, route: Route, rng: Prng): EffectPlan {
  const v = plan.vitals;
  const elevated = plan.scenario === 'predose_bp';
  const pre = {
    // Pre-dose BP stays <= 140/90 except for the patient of the pre-dose BP scenario.
    sys: elevated ? rng.int(142, 150) : clamp(v.sys + rng.int(-5, 5), 100, 139),
    dia: elevated ? rng.int(91, 96) : clamp(v.dia + rng.int(-4, 4), 60, 88),
    hr: clamp(v.hr + rng.int(-6, 6), 55, 100),
    spo2: clamp(v.spo2 + rng.int(-1, 1), 95, 99),
    rr: clamp(v.rr + rng.int(-1, 1), 12, 18),
  };
  const esketamine = drug === 'esketamine';
  // MOAA/S 3 (sedation.moderate) now and then, except in the named scenarios, whose flags are
  // exactly the ones they are built for.
  const sedation = weighted<0 | 1 | 2>(rng, [
    [0, 0.25],
    [1, esketamine ? 0.68 : 0.71],
    [2, plan.scenario !== null ? 0 : esketamine ? 0.07 : 0.04],
  ]);
  const intensity = weighted(rng, [
    ['none', esketamine ? 0.1 : 0.15],
    ['low', 0.45],
    ['mid', esketamine ? 0.37 : 0.34],
    ['high', esketamine ? 0.08 : 0.06],
  ] as const);
  const cadssPeak = Array.from({ length: 6 }, () => {
    switch (intensity) {
      case 'none':
        return 0;
      case 'low':
        return rng.chance(0.35) ? 1 : 0;
      case 'mid':
        return rng.int(0, 2);
      case 'high':
        return rng.int(1, 3);
    }
  });
  // Below the "marked" policy defaults (total 12, any item 4) outside the dissociation scenario.
  while (cadss6Total(cadssPeak) >= T.dissociation.markedTotal)
    cadssPeak[cadssPeak.indexOf(Math.max(...cadssPeak))]--;
  return {
    pre,
    sysRise: elevated ? rng.int(8, 16) : clamp(Math.round(rng.normal(16, 5)), 6, 30),
    diaRise: elevated ? rng.int(5, 10) : clamp(Math.round(rng.normal(11, 3.5)), 4, 18),
    hrRise: rng.int(2, 12),
    sedation,
    cadssCurve: route === 'im' ? IM_CADSS_CURVE : CADSS_CURVE,
    sedationOnset: route === 'im' ? 15 : rng.pick([15, 30, 30]),
    sedationRecovery: sedation === 2 || rng.chance(0.3) ? 90 : 60,
    cadssPeak,
  };
}

function vitalsAt(e: EffectPlan, m: number, rng: Prng): Vitals {
  if (m < 0) {
    return {
      systolic: e.pre.sys,
      diastolic: e.pre.dia,
      heartRate: e.pre.hr,
      spo2: e.pre.spo2,
      respiratoryRate: e.pre.rr,
      moaas: 5,
      cadss6: [0, 0, 0, 0, 0, 0],
    };
  }
  const bp = curve(BP_CURVE, m);
  let moaas = 5;
  if (e.sedation > 0 && m >= e.sedationOnset && m < e.sedationRecovery) {
    moaas = m >= 30 && m <= 40 ? 5 - e.sedation : 4;
  }
  const cadssShare = curve(e.cadssCurve, m);
  const values: Vitals = {
    // Outside the severe-BP scenario the BP stays below 180/110 and the rise below 40/25.
    systolic: Math.min(172, e.pre.sys + Math.round(e.sysRise * bp) + rng.int(-2, 2)),
    diastolic: Math.min(105, e.pre.dia + Math.round(e.diaRise * bp) + rng.int(-2, 2)),
    heartRate: e.pre.hr + Math.round(e.hrRise * bp) + rng.int(-3, 3),
    spo2: clamp(e.pre.spo2 - (moaas < 5 ? rng.int(0, 1) : 0), 95, 100),
    respiratoryRate: clamp(e.pre.rr + rng.int(-1, 1), 11, 20),
    moaas,
    // CADSS-6 is rated from 30 min (around the 40-min peak) and at every later observation.
    cadss6: m >= 30 ? e.cadssPeak.map((peak) => Math.round(peak * cadssShare)) : null,
  };
  return { ...values, ...(e.table?.(m) ?? {}) };
}

/** Scenario RC-00007: BP 182/104 at 40 min (end of the infusion), settling without treatment. */
const SEVERE_BP_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  0: { systolic: 139, diastolic: 85 },
  15: { systolic: 152, diastolic: 90, heartRate: 88 },
  30: { systolic: 170, diastolic: 98, heartRate: 94 },
  40: { systolic: 182, diastolic: 104, heartRate: 97 },
  60: { systolic: 164, diastolic: 96, heartRate: 90 },
  90: { systolic: 146, diastolic: 88, heartRate: 82 },
};

/** Scenario RC-00001: marked dissociation, still present at the end of the 120-min monitoring. */
const DISSOCIATION_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  30: { cadss6: [3, 2, 2, 2, 1, 1], moaas: 3 },
  40: { cadss6: [4, 3, 3, 2, 2, 1], moaas: 3 },
  60: { cadss6: [3, 2, 2, 1, 1, 1], moaas: 4 },
  90: { cadss6: [2, 1, 1, 1, 0, 0], moaas: 5 },
  120: { cadss6: [1, 1, 0, 0, 0, 0], moaas: 5 },
};

/** The sessions (0-based) of the single-session scenarios; the others are in the latest session. */
const DEEP_SEDATION_SESSION = 2;
const TACHYCARDIA_SESSION = 1;
const BP_RISE_SESSION = 3;
const VASOVAGAL_SESSION = 1;
/** Scenario NG-00038: a vasovagal episode on standing at the 60-min check (session 2, IV). */
const VASOVAGAL_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  60: { systolic: 84, diastolic: 48, heartRate: 46 },
  90: { systolic: 112, diastolic: 70, heartRate: 64 },
};
/** Scenario NG-00037: the serious adverse event (21 CFR 312.32, hospitalisation), latest session. */
const SERIOUS_AE_NOTE =
  'Chest tightness at 45 min with new ST depression on ECG; transferred to the emergency department and admitted overnight for observation; troponin negative, home the next day.';
/** Scenario NG-00004: the scheduled observation missed in today's session. */
const OVERDUE_MISSED_MINUTE = 40;
/** Scenario RC-00017: the last observation before the early discharge. */
const EARLY_DISCHARGE_LAST_MINUTE = 60;

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

/** Scenario RC-00017: still lethargic (MOAA/S 4) at 60 min when the patient insists on leaving. */
const EARLY_DISCHARGE_TABLE: Readonly<Record<number, Partial<Vitals>>> = {
  40: { moaas: 4 },
  60: { moaas: 4, cadss6: [0, 0, 0, 0, 0, 0] },
};

// ---------------------------------------------------------------------------------------------
// PHQ-9

/** Nine answers summing to `total` (item 9 fixed to `item9`); the core symptoms weigh most. */
function phq9Items(total: number, item9: number, rng: Prng): number[] {
  const items = [0, 0, 0, 0, 0, 0, 0, 0, item9];
  const weights = [1.3, 1.4, 1.2, 1.4, 1.0, 1.1, 1.0, 0.6];
  let left = clamp(total - item9, 0, 24);
  while (left > 0) {
    const open = weights.map((w, i) => (items[i] < 3 ? w : 0));
    const sum = open.reduce((a, b) => a + b, 0);
    let r = rng.next() * sum;
    let chosen = 0;
    for (let i = 0; i < 8; i++) {
      r -= open[i];
      if (r < 0 && open[i] > 0) {
        chosen = i;
        break;
      }
      if (open[i] > 0) chosen = i;
    }
    items[chosen]++;
    left--;
  }
  return items;
}

type Phq9Kind = 'baseline' | 'pre' | '24h' | '72h';

interface Phq9Draft {
  kind: Phq9Kind;
  sessionIndex: number | null;
  at: number;
  total: number;
  item9: number;
  recall: RecallPeriod;
  recordedBy: string | null;
}

interface Trajectory {
  baseline: number;
  /** Sustained (pre-dose) level before each session. */
  pre: number[];
  at24: number[];
  at72: number[];
  noise: number;
}

function trajectory(plan: PatientPlan, n: number, rng: Prng): Trajectory {
  if (plan.scenario === 'worsening') {
    // A non-responder whose depression deepens after a bereavement between sessions 6 and 7: from
    // then on every PHQ-9 is at least the baseline 14 + 5 (MCID).
    return {
      baseline: 14,
      pre: [14, 13, 12, 12, 13, 15, 19, 20],
      at24: [11, 10, 10, 10, 11, 13, 19, 19],
      at72: [13, 12, 12, 12, 14, 16, 20, 21],
      noise: 0,
    };
  }
  if (plan.scenario === 'tolerance') {
    // A responder in induction whose benefit wanes in maintenance; the acute 24-h gain over the
    // pre-dose score shrinks 9 -> 6 -> 2 over the last three sessions, at the same dose.
    return {
      baseline: 21,
      pre: [21, 15, 12, 9, 8, 8, 11, 15, 16, 16],
      at24: [14, 9, 6, 5, 4, 4, 5, 6, 10, 14],
      at72: [17, 12, 9, 7, 6, 7, 9, 9, 13, 15],
      noise: 0,
    };
  }
  const baseline = clamp(Math.round(rng.normal(19, 3)), 14, 24);
  const [target, tau, acute] = ((): [number, number, number] => {
    switch (plan.response) {
      case 'remitter':
        return [rng.int(1, 4), rng.float(1.2, 2.5), rng.float(0.2, 0.4)];
      case 'responder':
        return [
          Math.round(baseline * rng.float(0.3, 0.46)),
          rng.float(1.5, 3),
          rng.float(0.2, 0.4),
        ];
      case 'partial':
        return [
          Math.round(baseline * rng.float(0.56, 0.72)),
          rng.float(1.5, 3),
          rng.float(0.2, 0.35),
        ];
      case 'non':
        // Transient 24-h improvements without a sustained change.
        return [Math.round(baseline * rng.float(0.82, 1)), 2, rng.float(0.1, 0.35)];
    }
  })();
  const pre = Array.from(
    { length: n + 1 },
    (_, k) => target + (baseline - target) * Math.exp(-k / tau),
  );
  const at24 = pre.slice(0, n).map((p) => p * (1 - acute));
  const at72 = pre.slice(0, n).map((p, k) => (p + pre[k + 1]) / 2 - 0.35 * acute * p);
  return { baseline, pre: pre.slice(0, n), at24, at72, noise: 1.2 };
}

/** Over the last 3 sessions with a 24-h point, the 24-h gain over the pre-dose score keeps falling (CLINICAL.md s4). */
function diminishingResponse(response: PatientResponseDto): boolean {
  const withPoint = response.sessions.filter((s) => s.at24h !== null && s.preDoseTotal !== null);
  if (withPoint.length < T.tolerance.sessions) return false;
  const last = withPoint.slice(-T.tolerance.sessions);
  const gains = last.map((s) => (s.preDoseTotal ?? 0) - (s.at24h?.total ?? 0));
  const falling = gains.every((g, i) => i === 0 || g < gains[i - 1]);
  return (
    falling &&
    gains[gains.length - 1] < gains[0] * T.tolerance.ratio &&
    last[last.length - 1].doseMg >= last[0].doseMg
  );
}

/** Partial and non-responders never reach a response (nonresponse.after_induction is theirs). */
function neverResponds(plan: PatientPlan): boolean {
  return plan.response === 'partial' || plan.response === 'non';
}

/** Whether a drawn course of PHQ-9s shows what the plan says (see DemoBuilder.phq9Course). */
function courseAsPlanned(
  plan: PatientPlan,
  response: PatientResponseDto,
  rows: readonly Phq9Assessment[],
): boolean {
  const baseline = response.baseline;
  if (baseline === null) return false;
  const after = rows.filter(
    (r) =>
      r.valid &&
      r.total !== null &&
      r.administeredAt.getTime() > Date.parse(baseline.administeredAt),
  );
  const totals = after.map((r) => r.total ?? 0);
  // A remission (total < 5) is a response too.
  const responded = totals.some((total) =>
    ['response', 'remission'].includes(responseCategory(total, baseline.total)),
  );
  const worsened = totals.some((total) => total >= baseline.total + T.phq9.worseningPoints);
  return (
    diminishingResponse(response) === (plan.scenario === 'tolerance') &&
    responded === !neverResponds(plan) &&
    worsened === (plan.scenario === 'worsening')
  );
}

// ---------------------------------------------------------------------------------------------
// Builder

interface Rows {
  clinics: Clinic[];
  users: User[];
  userClinics: UserClinic[];
  patients: Patient[];
  sessions: DosingSession[];
  observations: Observation[];
  sideEffects: SideEffect[];
  riskEvents: RiskEvent[];
  phq9: Phq9Assessment[];
  cssrs: CssrsScreening[];
  safetyPlans: SafetyPlan[];
  audit: AuditRow[];
}

const SIDE_EFFECTS: readonly (readonly [SideEffectType, number, string | null])[] = [
  ['nausea', 30, 'Settled with ondansetron 4 mg'],
  ['headache', 18, null],
  ['dizziness', 18, 'On standing at discharge check; settled seated'],
  ['anxiety', 8, 'Reassurance; settled'],
  ['perceptual_disturbance', 6, 'Visual distortions during the infusion'],
  ['vomiting', 4, null],
];

class DemoBuilder {
  readonly rows: Rows = {
    clinics: [],
    users: [],
    userClinics: [],
    patients: [],
    sessions: [],
    observations: [],
    sideEffects: [],
    riskEvents: [],
    phq9: [],
    cssrs: [],
    safetyPlans: [],
    audit: [],
  };
  private readonly rng = createPrng(DATA_SEED);
  private readonly ids = createPrng(ID_SEED);

  constructor(
    private readonly now: Date,
    private readonly passwordHash: string,
  ) {}

  private get nowMs(): number {
    return this.now.getTime();
  }

  build(): Rows {
    const setupAt = new Date(this.nowMs - 400 * DAY_MS);
    this.rows.users.push(this.user('admin@demo.clinic', 'Demo Administrator', 'admin', setupAt));
    DEMO_CLINICS.forEach((clinic, index) => {
      const clinicId = this.ids.uuid();
      this.rows.clinics.push({
        id: clinicId,
        name: clinic.name,
        timezone: clinic.timezone,
        thresholds: null,
        thresholdsVersion: 1,
        crisisText: null,
        createdAt: setupAt,
      });
      const staff = STAFF[index];
      const staffAt = new Date(setupAt.getTime() + HOUR_MS);
      const psychiatrist = this.user(
        `psychiatrist@${clinic.domain}`,
        staff.psychiatrist,
        'psychiatrist',
        staffAt,
      );
      const nurse = this.user(`nurse@${clinic.domain}`, staff.nurse, 'nurse', staffAt);
      const manager = this.user(`manager@${clinic.domain}`, staff.manager, 'manager', staffAt);
      for (const user of [psychiatrist, nurse, manager]) {
        this.rows.users.push(user);
        this.rows.userClinics.push({ userId: user.id, clinicId });
      }
      const ctx: ClinicCtx = {
        index,
        id: clinicId,
        clock: new LocalClock(clinic.timezone, this.now),
        psychiatristId: psychiatrist.id,
        nurseId: nurse.id,
        lots: {
          iv: [`KT${index + 4}1207`, `KT${index + 4}2310`],
          im: [`KT${index + 4}1207`],
          esketamine: [`SP${index + 2}A4471`, `SP${index + 2}B0952`],
        },
      };
      for (const plan of this.planClinic(ctx)) this.buildPatient(plan);
    });
    return this.rows;
  }

  private user(email: string, name: string, role: User['role'], createdAt: Date): User {
    return {
      id: this.ids.uuid(),
      email,
      name,
      role,
      passwordHash: this.passwordHash,
      active: true,
      disabledAt: null,
      version: 1,
      createdAt,
    };
  }

  private planClinic(clinic: ClinicCtx): PatientPlan[] {
    const rng = this.rng;
    const names = new Set<string>();
    const nowYear = this.now.getUTCFullYear();
    const plans: PatientPlan[] = [];
    for (let index = 0; index < PATIENTS_PER_CLINIC; index++) {
      const scenario = SCENARIOS[clinic.index][index] ?? null;
      const board = BOARD[clinic.index][index] ?? null;
      let protocol = weighted<Protocol>(rng, [
        ['iv', clinic.index === 0 ? 0.65 : 0.55],
        ['esketamine', clinic.index === 0 ? 0.25 : 0.35],
        ['im', 0.1],
      ]);
      let response = weighted<ResponseType>(rng, [
        ['remitter', 0.17],
        ['responder', 0.28],
        ['partial', 0.25],
        ['non', 0.3],
      ]);
      if (board) protocol = board.protocol;
      if (scenario) {
        const setup = SCENARIO_SETUP[scenario];
        protocol = setup.protocol ?? protocol;
        response = setup.response;
      }
      let sessionCount = rng.pick(SESSION_COUNTS[protocol]);
      let lastDaysAgo = weighted<() => number>(rng, [
        [() => rng.int(0, 6), 0.6],
        [() => rng.int(7, 20), 0.25],
        [() => rng.int(21, 75), 0.15],
      ])();
      if (scenario) {
        const setup = SCENARIO_SETUP[scenario];
        sessionCount = setup.sessions ?? sessionCount;
        lastDaysAgo = setup.lastDaysAgo ?? lastDaysAgo;
      }

      const sex = weighted<Sex>(rng, [
        ['female', 0.55],
        ['male', 0.42],
        ['other', 0.03],
      ]);
      let givenName = '';
      let familyName = '';
      do {
        givenName = rng.pick(GIVEN[sex === 'female' || sex === 'male' ? sex : 'other']);
        familyName = rng.pick(FAMILY);
      } while (names.has(`${givenName} ${familyName}`));
      names.add(`${givenName} ${familyName}`);
      // Esketamine patients are under 65 (the 28 mg start at >= 65 would read as an escalation).
      const oldestYear = protocol === 'esketamine' ? nowYear - 63 : 1950;
      const year = rng.int(Math.max(1950, oldestYear), 2004);
      const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const weightKg =
        Math.round(clamp(rng.normal(sex === 'male' ? 84 : 72, 13), 50, 120) * 10) / 10;
      const medications = rng.shuffle(MEDICATIONS).slice(
        0,
        weighted(rng, [
          [0, 0.25],
          [1, 0.5],
          [2, 0.25],
        ]),
      );
      // The respiratory-depression scenario takes a benzodiazepine (a REMS concomitant-medication
      // question).
      if (scenario === 'respiratory' && !medications.includes(LORAZEPAM))
        medications.push(LORAZEPAM);
      const mrn = mrnOf(clinic.index, index);
      const plan: PatientPlan = {
        clinic,
        index,
        id: this.ids.uuid(),
        mrn,
        weightKg,
        protocol,
        response,
        sessionCount,
        scenario,
        boardElapsed: board ? board.elapsed + rng.int(0, 3) : null,
        lastDaysAgo,
        medications,
        vitals: {
          sys: clamp(Math.round(rng.normal(122, 9)), 104, 134),
          dia: clamp(Math.round(rng.normal(77, 6)), 62, 86),
          hr: clamp(Math.round(rng.normal(74, 8)), 58, 92),
          spo2: rng.int(96, 99),
          rr: rng.int(12, 16),
        },
      };
      plans.push(plan);
      this.rows.patients.push({
        id: plan.id,
        clinicId: clinic.id,
        mrn,
        givenName,
        familyName,
        birthDate,
        sex,
        weightKg,
        email: null,
        phone: null,
        searchText: patientSearchText({ givenName, familyName, mrn }),
        version: 1,
        createdBy: null,
        createdAt: this.now, // set once the course is dated (buildPatient)
        updatedAt: this.now,
      });
    }
    return plans;
  }

  private buildPatient(plan: PatientPlan): void {
    const rng = this.rng;
    const gaps = courseGaps(plan, rng);
    plan.sessionCount = gaps.length + 1;
    const doses = courseDoses(plan, rng);
    const starts = placeSessions(plan, gaps, this.nowMs, rng);
    const drafts = starts.map((start, i) =>
      this.buildSession(plan, i, start, doses[i], i === starts.length - 1),
    );

    // Baseline PHQ-9 (two-week recall) 1-14 days before the first session; the patient record is
    // created at intake, shortly before it.
    const baselineAt = starts[0] - rng.int(1, 14) * DAY_MS - minutes(rng.int(0, 300));
    const createdAt = new Date(baselineAt - minutes(rng.int(20, 120)));
    const patient = this.rows.patients.find((p) => p.id === plan.id);
    if (!patient) throw new Error('patient row missing');
    patient.createdAt = createdAt;
    patient.updatedAt = createdAt;
    this.rows.audit.push({
      id: this.ids.uuid(),
      at: createdAt,
      actorId: null,
      actorRole: null,
      action: 'create',
      resourceType: 'patient',
      resourceId: plan.id,
      patientId: plan.id,
      clinicId: plan.clinic.id,
      ip: null,
      outcome: 'success',
    });

    for (const draft of drafts) {
      this.rows.sessions.push(draft.row);
      this.rows.observations.push(...draft.observations);
      this.sideEffects(plan, draft);
    }
    this.phq9Course(plan, drafts, baselineAt);
    if (plan.scenario === 'misuse') this.misuseEvents(plan, drafts);
    if (plan.scenario === 'reported_use') this.reportedUse(plan, drafts[drafts.length - 1]);
    if (plan.scenario === 'item9_2') this.item9Assessment(plan, createdAt);
    if (plan.scenario === 'worsening') this.highRiskScreener(plan);
  }

  private screener(
    plan: PatientPlan,
    after: Phq9Assessment,
    delayMinutes: number,
    answers: Pick<
      CssrsScreening,
      'wishDead' | 'suicidalThoughts' | 'method' | 'intent' | 'plan' | 'behavior'
    > &
      Partial<Pick<CssrsScreening, 'behaviorPast3Months'>>,
  ): CssrsScreening {
    const administeredAt = new Date(
      Math.min(after.administeredAt.getTime() + minutes(delayMinutes), this.nowMs - minutes(5)),
    );
    const all = { behaviorPast3Months: null, ...answers };
    const row: CssrsScreening = {
      id: this.ids.uuid(),
      patientId: plan.id,
      clinicId: plan.clinic.id,
      administeredAt,
      ...all,
      risk: cssrsRisk(all),
      phq9Id: after.id,
      recordedBy: plan.clinic.psychiatristId,
      createdAt: new Date(Math.min(administeredAt.getTime() + minutes(5), this.nowMs)),
    };
    this.rows.cssrs.push(row);
    return row;
  }

  /**
   * Scenario RC-00005 (CLINICAL.md s10): item 9 = 2 before the latest session, then the same-day
   * C-SSRS screener (moderate: wish to be dead, an aborted attempt years ago) and a review of the
   * safety plan written at intake.
   */
  private item9Assessment(plan: PatientPlan, intakeAt: Date): void {
    const positive = this.rows.phq9.find((a) => a.patientId === plan.id && a.item9Positive);
    if (!positive) throw new Error('item-9 scenario without a positive item 9');
    const screener = this.screener(plan, positive, 25, {
      wishDead: true,
      suicidalThoughts: false,
      method: null,
      intent: null,
      plan: null,
      behavior: true,
      behaviorPast3Months: false,
    });
    const base = {
      patientId: plan.id,
      clinicId: plan.clinic.id,
      copingStrategies: ['Walk the dog round the park', 'Music playlist from the clinic group'],
      socialDistractions: ['Coffee with a neighbour', 'Choir practice on Thursdays'],
      professionalContacts: ['Clinic on-call line (synthetic)', '988 Suicide & Crisis Lifeline'],
      reasonsForLiving: 'Two children; the allotment in spring',
    };
    this.rows.safetyPlans.push(
      {
        ...base,
        id: this.ids.uuid(),
        version: 1,
        warningSigns: ['Not sleeping', 'Staying in bed past noon'],
        helpContacts: ['Sister (synthetic contact)'],
        meansSafety: 'Partner keeps the prescribed medication',
        updatedAt: new Date(intakeAt.getTime() + minutes(30)),
        updatedBy: plan.clinic.psychiatristId,
      },
      {
        ...base,
        id: this.ids.uuid(),
        version: 2,
        warningSigns: [
          'Not sleeping',
          'Staying in bed past noon',
          'Thinking I would be better off dead',
        ],
        helpContacts: ['Sister (synthetic contact)', 'Friend from choir (synthetic contact)'],
        meansSafety:
          'Partner keeps the prescribed medication; the old stock returned to the pharmacy',
        updatedAt: new Date(
          Math.min(screener.administeredAt.getTime() + minutes(20), this.nowMs - minutes(1)),
        ),
        updatedBy: plan.clinic.psychiatristId,
      },
    );
  }

  /** Scenario RC-00011: a high-risk C-SSRS screener after the latest (worsened) PHQ-9. */
  private highRiskScreener(plan: PatientPlan): void {
    const latest = this.rows.phq9
      .filter((a) => a.patientId === plan.id)
      .reduce((a, b) => (b.administeredAt > a.administeredAt ? b : a));
    this.screener(plan, latest, 30, {
      wishDead: true,
      suicidalThoughts: true,
      method: true,
      intent: true,
      plan: false,
      behavior: false,
    });
  }

  private buildSession(
    plan: PatientPlan,
    i: number,
    start: number,
    doseMg: number,
    last: boolean,
  ): SessionDraft {
    const rng = this.rng;
    const drug: Drug = plan.protocol === 'esketamine' ? 'esketamine' : 'ketamine';
    const route: Route = plan.protocol === 'esketamine' ? 'intranasal' : plan.protocol;
    const infusionMinutes = plan.protocol === 'iv' ? 40 : null;
    const check = checkDose({ drug, route, doseMg, weightKg: plan.weightKg });
    if (check.errors.length > 0) throw new Error(`demo dose refused: ${check.errors.join('; ')}`);
    const inProgress = last && plan.boardElapsed !== null;
    const startedAt = new Date(start);
    const session = { drug, route, startedAt, infusionMinutes };

    const effects = effectPlan(plan, drug, route, rng);
    let notes: string | null = null;
    if (plan.scenario === 'severe_bp' && i === 1) {
      effects.pre = { ...effects.pre, sys: 138, dia: 84 };
      effects.table = (m) => SEVERE_BP_TABLE[m];
      notes =
        'BP 182/104 at 40 min (end of infusion). Reviewed by psychiatrist; no treatment needed, settled by 90 min. Recheck before the next session.';
    }
    if (plan.scenario === 'dissociation') {
      if (last) {
        effects.table = (m) =>
          DISSOCIATION_TABLE[m] ?? (m > 120 ? { cadss6: [0, 0, 0, 0, 0, 0] } : undefined);
        notes =
          'Marked depersonalisation and derealisation from 30 min; quiet room and reassurance. CADSS-6 still 2 at 120 min, resolved at 135 min.';
      } else {
        // Moderate dissociation at every session, resolving by 90 min.
        effects.cadssPeak = [2, 2, 1, 2, 1, 1];
      }
    }
    if (plan.scenario === 'predose_bp' && last) {
      notes = `Pre-dose BP ${effects.pre.sys}/${effects.pre.dia}, repeated after 5 min rest; reviewed by psychiatrist, proceed.`;
    }
    if (plan.scenario === 'item9_2' && last) {
      notes =
        'Pre-dose PHQ-9 item 9 = 2: same-day safety assessment by psychiatrist (passive thoughts, no plan or intent); safety plan reviewed; session proceeded.';
    }
    if (plan.scenario === 'misuse' && i === 7) {
      notes = "Session brought forward at the patient's request; dose increased to 0.7 mg/kg.";
    }
    if (plan.scenario === 'misuse' && i === 8) {
      notes = "Second early session this week at the patient's request; dose 0.8 mg/kg.";
    }
    if (plan.scenario === 'deep_sedation' && i === DEEP_SEDATION_SESSION) {
      effects.table = (m) => DEEP_SEDATION_TABLE[m];
      notes =
        'MOAA/S 1 at 30 min (responded only to trapezius squeeze); airway patent, SpO2 95-96% on room air, no intervention needed. MOAA/S 5 by 75 min. Dose reduced to 0.5 mg/kg from the next session.';
    }
    if (plan.scenario === 'respiratory' && last) {
      effects.table = (m) => RESPIRATORY_TABLE[m];
      notes =
        'Took lorazepam 0.5 mg the night before. SpO2 91% and RR 9/min at 40 min: roused, deep-breathing prompts, oxygen 2 L/min for 10 min; SpO2 95% at 60 min. Benzodiazepine timing discussed.';
    }
    if (plan.scenario === 'tachycardia' && i === TACHYCARDIA_SESSION) {
      effects.table = (m) => TACHYCARDIA_TABLE[m];
      notes =
        'Palpitations and anxiety at the end of the infusion, HR 127 at 40 min, sinus rhythm; reassurance, settled by 90 min.';
    }
    if (plan.scenario === 'bp_rise' && i === BP_RISE_SESSION) {
      effects.pre = { ...effects.pre, ...BP_RISE_PRE };
      effects.table = (m) => BP_RISE_TABLE[m];
      notes =
        'BP 160/100 at 40 min (pre-dose 118/74): rise of 42/26, reviewed by psychiatrist, no treatment; 124/78 at 120 min.';
    }
    if (plan.scenario === 'vasovagal' && i === VASOVAGAL_SESSION) {
      effects.table = (m) => VASOVAGAL_TABLE[m];
      notes =
        'Vasovagal episode on standing at the 60-min check: pale and sweaty, BP 84/48, HR 46; laid flat with legs raised, recovered by 90 min.';
    }
    if (plan.scenario === 'serious_ae' && last) notes = SERIOUS_AE_NOTE;
    if (plan.scenario === 'no_predose' && inProgress) {
      notes = 'Automated cuff failed at the pre-dose check; dose given without a manual BP.';
    }
    const earlyDischarge = plan.scenario === 'early_discharge' && last;
    if (earlyDischarge) {
      effects.table = (m) => EARLY_DISCHARGE_TABLE[m];
      notes =
        'Asked to leave at 60 min to collect a child from school; still lethargic (MOAA/S 4). Discharged against advice by the psychiatrist into the care of a partner; told not to drive for 24 h. Phone check next morning: well.';
    }

    // Pre-dose reading ~10 min before the dose, then the clinic schedule up to the minimum
    // monitoring time, and a discharge check at its end when the schedule stops short of it.
    const monitoring =
      drug === 'esketamine'
        ? T.minMonitoringMinutes.esketamine
        : (infusionMinutes ?? 0) + T.minMonitoringMinutes.ketamine;
    const schedule = T.scheduledObservationMinutes.filter((m) => m <= monitoring);
    if (schedule[schedule.length - 1] < monitoring) schedule.push(monitoring + rng.int(0, 5));
    const observations: Observation[] = [];
    const observe = (m: number, at: number): void => {
      const v = vitalsAt(effects, m, rng);
      observations.push({
        id: this.ids.uuid(),
        sessionId: '',
        patientId: plan.id,
        clinicId: plan.clinic.id,
        recordedAt: new Date(at),
        minutesSinceDose: minutesSinceDose(startedAt, new Date(at)),
        systolic: v.systolic,
        diastolic: v.diastolic,
        heartRate: v.heartRate,
        spo2: v.spo2,
        respiratoryRate: v.respiratoryRate,
        moaas: v.moaas,
        cadss6: v.cadss6,
        cadss6Total: v.cadss6 ? cadss6Total(v.cadss6) : null,
        recordedBy: plan.clinic.nurseId,
        createdAt: new Date(at),
      });
    };
    const timeOf = (m: number): number =>
      start +
      minutes(m) +
      rng.int(10, 50) * 1000 +
      // now and then a minute or two late (not the readings a scenario names by their minute)
      (m > 0 && effects.table?.(m) === undefined && rng.chance(0.15) ? minutes(rng.int(1, 2)) : 0);
    const preAt = start - minutes(rng.int(8, 12));
    const limit = inProgress ? this.nowMs : Infinity;
    if (preAt <= limit) observe(-10, preAt);
    // Scenario NG-00040: the pre-dose check of today's session has MOAA/S and SpO2 but no BP.
    if (plan.scenario === 'no_predose' && inProgress && observations.length > 0) {
      observations[0].systolic = null;
      observations[0].diastolic = null;
    }
    let lastMinute = 0;
    let scheduleDone = true;
    // Scenario NG-00004: the 40-min check of today's session was missed (the nurse was called to
    // another patient), so at `now` it is more than 10 min late.
    const missed = plan.scenario === 'overdue' && inProgress ? OVERDUE_MISSED_MINUTE : null;
    // Scenario RC-00017: the patient leaves after the 60-min check, before the minimum monitoring.
    const stopAfter = earlyDischarge ? EARLY_DISCHARGE_LAST_MINUTE : Infinity;
    for (const m of schedule) {
      if (m === missed) continue;
      if (m > stopAfter) break;
      const at = timeOf(m);
      if (at > limit) {
        scheduleDone = false;
        break;
      }
      observe(m, at);
      lastMinute = m;
    }
    // After the schedule, observe every 15 min until the discharge criteria are met (up to now in
    // an ongoing session).
    let guard = 0;
    while (!earlyDischarge && scheduleDone && nonTimeCriteria(observations, startedAt).length > 0) {
      if (++guard > 8) throw new Error(`demo session of ${plan.mrn} never becomes ready`);
      const at = timeOf(lastMinute + 15);
      if (at > limit) break;
      lastMinute += 15;
      observe(lastMinute, at);
    }

    const id = this.ids.uuid();
    for (const o of observations) o.sessionId = id;
    const createdAt = new Date(start - minutes(rng.int(60, 180)));
    const lastObservation = observations[observations.length - 1].recordedAt.getTime();
    let status: DosingSession['status'] = 'in_progress';
    let dischargedAt: Date | null = null;
    let readyAt: Date | null;
    let dischargeOverrideReason: string | null = null;
    if (inProgress) {
      const readiness = dischargeReadiness({
        session,
        observations,
        openCriticalFlags: 0,
        now: this.now,
      });
      readyAt = readiness.readyAt ? new Date(readiness.readyAt) : null;
    } else {
      const end = earlyDischarge
        ? lastObservation
        : Math.max(lastObservation, start + minutes(monitoring));
      dischargedAt = new Date(end + minutes(rng.int(2, 8)));
      const readiness = dischargeReadiness({
        session,
        observations,
        openCriticalFlags: 0,
        now: dischargedAt,
      });
      if (earlyDischarge) {
        // Discharged before ready, with the psychiatrist's override (CLINICAL.md s3).
        if (readiness.ready) throw new Error(`demo early discharge of ${plan.mrn} is ready`);
        dischargeOverrideReason =
          'Patient insists on leaving to collect a child from school; partner present as escort and to stay with the patient; advised not to drive or make decisions for 24 h; nurse to phone tomorrow.';
      } else if (!readiness.ready || !readiness.readyAt) {
        throw new Error(
          `demo session of ${plan.mrn} not ready at discharge: ${readiness.reasons.join('; ')}`,
        );
      }
      readyAt = readiness.readyAt ? new Date(readiness.readyAt) : null;
      status = 'discharged';
    }
    const row: DosingSession = {
      id,
      patientId: plan.id,
      clinicId: plan.clinic.id,
      sessionNumber: i + 1,
      drug,
      route,
      doseMg,
      doseMgPerKg: check.doseMgPerKg,
      weightKg: plan.weightKg,
      startedAt,
      infusionMinutes,
      lotNumber: rng.pick(plan.clinic.lots[plan.protocol]),
      concomitantMedications: plan.medications,
      notes,
      doseWarnings: check.warnings,
      status,
      readyAt,
      dischargedAt,
      dischargeOverrideReason,
      dischargedBy: dischargeOverrideReason
        ? plan.clinic.psychiatristId
        : dischargedAt
          ? plan.clinic.nurseId
          : null,
      orderedBy: plan.clinic.psychiatristId,
      version: dischargedAt ? 2 : 1,
      createdAt,
      updatedAt: dischargedAt ?? createdAt,
    };
    const cadssTotals = observations.map((o) => o.cadss6Total ?? 0);
    const moaas = observations.map((o) => o.moaas ?? 5);
    return {
      row,
      observations,
      peakCadss: Math.max(...cadssTotals),
      lowestMoaas: Math.min(...moaas),
      end: dischargedAt ? dischargedAt.getTime() : this.nowMs,
    };
  }

  private sideEffect(
    plan: PatientPlan,
    draft: SessionDraft,
    type: SideEffectType,
    severity: SideEffectSeverity,
    onset: number,
    notes: string | null,
    seriousCriterion: SideEffect['seriousCriterion'] = null,
  ): void {
    // Not after the discharge, nor (in an ongoing session) after now.
    if (onset > draft.end) return;
    const at = onset;
    this.rows.sideEffects.push({
      id: this.ids.uuid(),
      sessionId: draft.row.id,
      patientId: plan.id,
      clinicId: plan.clinic.id,
      type,
      severity,
      onsetAt: new Date(at),
      notes,
      serious: seriousCriterion !== null,
      seriousCriterion,
      recordedBy: plan.clinic.nurseId,
      createdAt: new Date(Math.min(at + minutes(this.rng.int(2, 15)), draft.end, this.nowMs)),
    });
  }

  private sideEffects(plan: PatientPlan, draft: SessionDraft): void {
    const rng = this.rng;
    const start = draft.row.startedAt.getTime();
    const i = draft.row.sessionNumber - 1;
    const last = draft.row.sessionNumber === plan.sessionCount;
    if (plan.scenario === 'severe_bp' && i === 1) {
      this.sideEffect(
        plan,
        draft,
        'hypertension',
        'moderate',
        start + minutes(40),
        'BP 182/104 at end of infusion; asymptomatic; settled without treatment',
      );
    }
    if (plan.scenario === 'dissociation' && last) {
      this.sideEffect(
        plan,
        draft,
        'dissociation',
        'severe',
        start + minutes(30),
        'Marked depersonalisation and derealisation; distressing at peak; resolved by 135 min',
      );
    }
    if (plan.scenario === 'misuse' && i === 8) {
      this.sideEffect(
        plan,
        draft,
        'urinary_symptoms',
        'mild',
        start + minutes(5),
        'Reports urinary frequency and suprapubic discomfort for a week; urinalysis requested',
      );
    }
    if (plan.scenario === 'deep_sedation' && i === DEEP_SEDATION_SESSION) {
      this.sideEffect(
        plan,
        draft,
        'sedation',
        'severe',
        start + minutes(25),
        'Responded only to trapezius squeeze at 30 min (MOAA/S 1); airway patent, SpO2 95%; recovered by 75 min',
      );
    }
    if (plan.scenario === 'respiratory' && last) {
      this.sideEffect(
        plan,
        draft,
        'other',
        'moderate',
        start + minutes(38),
        'Shallow breathing: SpO2 91%, RR 9/min at 40 min; oxygen 2 L/min for 10 min',
      );
    }
    if (plan.scenario === 'tachycardia' && i === TACHYCARDIA_SESSION) {
      this.sideEffect(
        plan,
        draft,
        'anxiety',
        'moderate',
        start + minutes(35),
        'Palpitations at the end of the infusion, HR 127; reassurance; settled by 90 min',
      );
    }
    if (plan.scenario === 'bp_rise' && i === BP_RISE_SESSION) {
      this.sideEffect(
        plan,
        draft,
        'hypertension',
        'mild',
        start + minutes(40),
        'BP 160/100 at 40 min from 118/74 pre-dose; asymptomatic',
      );
    }
    if (plan.scenario === 'vasovagal' && i === VASOVAGAL_SESSION) {
      this.sideEffect(
        plan,
        draft,
        'dizziness',
        'moderate',
        start + minutes(58),
        'Vasovagal episode on standing: BP 84/48, HR 46; laid flat, legs raised; recovered by 90 min',
      );
    }
    if (plan.scenario === 'serious_ae' && last) {
      // Serious by its consequence (hospitalisation), moderate in intensity: not the same thing.
      this.sideEffect(
        plan,
        draft,
        'other',
        'moderate',
        start + minutes(45),
        SERIOUS_AE_NOTE,
        'hospitalisation',
      );
    }
    if (draft.peakCadss >= 6 && plan.scenario !== 'dissociation' && rng.chance(0.35)) {
      this.sideEffect(
        plan,
        draft,
        'dissociation',
        draft.peakCadss >= 9 ? 'moderate' : 'mild',
        start + minutes(rng.int(25, 40)),
        null,
      );
    }
    if (draft.lowestMoaas === 3 && rng.chance(0.5)) {
      this.sideEffect(
        plan,
        draft,
        'sedation',
        'mild',
        start + minutes(30),
        'Responded to loud voice at 30-40 min',
      );
    }
    if (rng.chance(0.2)) {
      const [type, , note] = weighted(
        rng,
        SIDE_EFFECTS.map((s) => [s, s[1]] as const),
      );
      const severity = weighted<SideEffectSeverity>(rng, [
        ['mild', 0.82],
        ['moderate', 0.18],
      ]);
      this.sideEffect(
        plan,
        draft,
        type,
        severity,
        start + minutes(rng.int(15, 60)),
        rng.chance(0.6) ? note : null,
      );
    }
  }

  private misuseEvents(plan: PatientPlan, drafts: SessionDraft[]): void {
    const at = (i: number, hours: number): number =>
      drafts[i].row.startedAt.getTime() + hours * HOUR_MS;
    const events: [RiskEvent['type'], number, string][] = [
      [
        'early_session_request',
        at(6, 26),
        'Phoned asking to bring the next session forward; says the effect wears off after two days.',
      ],
      [
        'early_session_request',
        at(7, 27),
        'Second request this month for an earlier session; asked whether the dose could go up.',
      ],
      [
        'craving',
        at(8, -3),
        'Describes strong urges for ketamine between sessions; denies non-clinic use. Discussed with psychiatrist.',
      ],
    ];
    for (const [type, occurredAt, notes] of events) {
      if (occurredAt > this.nowMs) continue;
      this.rows.riskEvents.push({
        id: this.ids.uuid(),
        patientId: plan.id,
        clinicId: plan.clinic.id,
        type,
        occurredAt: new Date(occurredAt),
        notes,
        recordedBy: type === 'craving' ? plan.clinic.psychiatristId : plan.clinic.nurseId,
        createdAt: new Date(Math.min(occurredAt + minutes(10), this.nowMs)),
      });
    }
  }

  /** Scenario RC-00018: non-clinic ketamine use, disclosed before the latest session. */
  private reportedUse(plan: PatientPlan, draft: SessionDraft): void {
    const occurredAt = new Date(draft.row.startedAt.getTime() - minutes(40));
    this.rows.riskEvents.push({
      id: this.ids.uuid(),
      patientId: plan.id,
      clinicId: plan.clinic.id,
      type: 'reported_nonclinic_use',
      occurredAt,
      notes:
        'Disclosed at the pre-dose check: bought ketamine online and took it at home twice in the past fortnight. Reviewed by psychiatrist; treatment agreement revisited; urine drug screen sent.',
      recordedBy: plan.clinic.psychiatristId,
      createdAt: new Date(occurredAt.getTime() + minutes(15)),
    });
  }

  /**
   * PHQ-9s of a course, redrawn until they show what the plan says: the tolerance pattern only in
   * its scenario, a response (some total <= 50% of the baseline) exactly for responders and
   * remitters, a worsening (>= baseline + 5) only in its scenario.
   */
  private phq9Course(plan: PatientPlan, drafts: SessionDraft[], baselineAt: number): void {
    let rows: Phq9Assessment[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      rows = this.phq9Rows(plan, drafts, baselineAt);
      const response = computeResponse(
        drafts.map((d) => d.row),
        rows.map((r) => ({
          id: r.id,
          administeredAt: r.administeredAt,
          total: r.total,
          valid: r.valid,
          recall: r.recall,
        })),
      );
      if (courseAsPlanned(plan, response, rows)) break;
    }
    this.rows.phq9.push(...rows);
  }

  private phq9Rows(
    plan: PatientPlan,
    drafts: SessionDraft[],
    baselineAt: number,
  ): Phq9Assessment[] {
    const rng = this.rng;
    const n = drafts.length;
    const traj = trajectory(plan, n, rng);
    const nurse = plan.clinic.nurseId;
    const drafted: Phq9Draft[] = [
      {
        kind: 'baseline',
        sessionIndex: null,
        at: baselineAt,
        total: traj.baseline,
        item9: 0,
        recall: 'two_weeks',
        recordedBy: plan.clinic.psychiatristId,
      },
    ];
    // Measurement noise never turns a partial or non-responder into a responder (total <= 50% of
    // the baseline), nor anyone but the worsening scenario into a worsening (>= baseline + 5).
    const floor = neverResponds(plan)
      ? Math.floor(traj.baseline * T.response.responseRatio) + 1
      : 0;
    const ceiling = plan.scenario === 'worsening' ? 27 : traj.baseline + T.phq9.worseningPoints - 1;
    const measured = (value: number): number =>
      clamp(Math.round(value + rng.normal(0, traj.noise)), floor, Math.min(24, ceiling));
    for (let i = 0; i < n; i++) {
      const start = drafts[i].row.startedAt.getTime();
      const next = i + 1 < n ? drafts[i + 1].row.startedAt.getTime() : Infinity;
      const previous = i > 0 ? drafts[i - 1].row.startedAt.getTime() : null;
      const last = i === n - 1;
      // The named scenarios never miss a follow-up: their flags are exactly the ones they are built
      // for (followup.missed comes from the other patients' missed links).
      const model = plan.scenario !== null;
      const forcedPre =
        (plan.scenario === 'tolerance' && i >= n - 3) || (plan.scenario === 'item9_2' && last);
      const forced24 = model;
      const forced72 = model;

      // Pre-dose PHQ-9 before some sessions (most when the previous dose was 3 days earlier, where
      // it stands in for the 72-h follow-up). Never before session 1: the baseline serves there.
      if (previous !== null) {
        const gapDays = (start - previous) / DAY_MS;
        if (forcedPre || (model && gapDays < 3.5) || rng.chance(gapDays < 3.5 ? 0.85 : 0.4)) {
          drafted.push({
            kind: 'pre',
            sessionIndex: i,
            at: start - minutes(rng.int(15, 45)),
            total: traj.noise === 0 ? traj.pre[i] : measured(traj.pre[i]),
            item9: plan.scenario === 'item9_2' && last ? 2 : 0,
            recall: gapDays >= 7 ? 'two_weeks' : '24_hours',
            recordedBy: nurse,
          });
        }
      }
      // 24-h and 72-h follow-ups (24-hour recall), mostly self-reported through the link.
      const followUp = (kind: '24h' | '72h', at: number, value: number): void => {
        if (at > this.nowMs || at > next - 2 * HOUR_MS) return;
        drafted.push({
          kind,
          sessionIndex: i,
          at,
          total: traj.noise === 0 ? value : measured(value),
          item9: kind === '24h' && plan.scenario === 'item9_1' && last ? 1 : 0,
          recall: '24_hours',
          recordedBy: rng.chance(0.7) ? null : nurse,
        });
      };
      if (forced24 || rng.chance(0.88)) {
        followUp('24h', start + minutes(rng.int(20 * 60, 28 * 60)), traj.at24[i]);
      }
      if (next - start >= 3.5 * DAY_MS && (forced72 || rng.chance(0.78))) {
        followUp('72h', start + minutes(rng.int(66 * 60, 78 * 60)), traj.at72[i]);
      }
    }

    // Missing items: a prorated or invalid follow-up on the designated patients.
    const missing =
      MISSING_ITEMS.find(([c, p]) => c === plan.clinic.index && p === plan.index)?.[2] ?? 0;
    const followUps = drafted.filter((d) => d.kind === '24h' || d.kind === '72h');
    const withMissing =
      missing > 0 && followUps.length > 0 ? followUps[Math.floor(followUps.length / 2)] : null;

    const sessions = drafts.map((d) => d.row);
    return drafted.map((d) => {
      const items: (number | null)[] = phq9Items(d.total, d.item9, rng);
      // Scenario NG-00039: the paper 24-h PHQ-9 after the latest session, item 9 left blank.
      const item9Blank =
        plan.scenario === 'item9_unanswered' && d.kind === '24h' && d.sessionIndex === n - 1;
      if (item9Blank) {
        items[8] = null;
        d.recordedBy = nurse;
      }
      if (d === withMissing) {
        // Items 3-8 (sleep, energy, appetite, self-worth, concentration, psychomotor) left blank.
        for (const index of rng.shuffle([2, 3, 4, 5, 6, 7]).slice(0, missing)) items[index] = null;
      }
      const score = scorePhq9(items);
      const administeredAt = new Date(d.at);
      const dose = attributeToSession(administeredAt, sessions);
      const item10 = rng.chance(0.1)
        ? null
        : clamp(Math.round((score.total ?? d.total) / 7 + rng.float(-0.5, 0.5)), 0, 3);
      return {
        id: this.ids.uuid(),
        patientId: plan.id,
        clinicId: plan.clinic.id,
        sessionId: d.sessionIndex === null ? null : drafts[d.sessionIndex].row.id,
        administeredAt,
        item1: items[0],
        item2: items[1],
        item3: items[2],
        item4: items[3],
        item5: items[4],
        item6: items[5],
        item7: items[6],
        item8: items[7],
        item9: items[8],
        item10,
        total: score.total,
        severity: score.severity,
        prorated: score.prorated,
        valid: score.valid,
        item9Positive: score.item9Positive,
        recall: d.recall,
        // A follow-up nobody on staff recorded was answered by the patient through the link.
        source:
          d.recordedBy === null && (d.kind === '24h' || d.kind === '72h')
            ? ('self_report' as const)
            : ('clinic' as const),
        hoursSinceDose: dose ? hoursBetween(dose.startedAt, administeredAt) : null,
        recordedBy: d.recordedBy,
        createdAt: new Date(Math.min(d.at + minutes(rng.int(0, 3)), this.nowMs)),
      };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Insertion

/** Multi-row inserts of at most ~800 bound parameters (SQLite's limit is 999 on old builds). */
async function insertAll<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: E[],
): Promise<void> {
  const columns = em.connection.getMetadata(target).columns.length;
  const size = Math.max(1, Math.min(50, Math.floor(800 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await em.insert(target, rows.slice(i, i + size));
  }
}

/**
 * Seeds the demo data once, into an empty database: returns null (and writes nothing) when any
 * clinic or user exists. `now` anchors every date (default: the current time).
 */
export async function seedDemoData(
  dataSource: DataSource,
  password: string,
  now: Date = new Date(),
): Promise<{ patients: number; sessions: number } | null> {
  const occupied = async (em: EntityManager): Promise<boolean> =>
    (await em.exists(Clinic)) || (await em.exists(User));
  if (await occupied(dataSource.manager)) return null;

  // One argon2 hash for every demo user (argon2 is deliberately slow).
  const passwordHash = await hashPassword(password);
  const rows = new DemoBuilder(now, passwordHash).build();

  return dataSource.transaction(async (em) => {
    if (await occupied(em)) return null;
    await insertAll(em, Clinic, rows.clinics);
    await insertAll(em, User, rows.users);
    await insertAll(em, UserClinic, rows.userClinics);
    await insertAll(em, Patient, rows.patients);
    await insertAll(em, DosingSession, rows.sessions);
    await insertAll(em, Observation, rows.observations);
    await insertAll(em, SideEffect, rows.sideEffects);
    await insertAll(em, RiskEvent, rows.riskEvents);
    await insertAll(em, Phq9Assessment, rows.phq9);
    await insertAll(em, CssrsScreening, rows.cssrs);
    await insertAll(em, SafetyPlan, rows.safetyPlans);
    // In time order, so that the hash chain reads as the history it records.
    await appendAudit(
      em,
      [...rows.audit].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id)),
    );
    return { patients: rows.patients.length, sessions: rows.sessions.length };
  });
}
