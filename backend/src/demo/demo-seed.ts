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
 * that patient; DEMO_SCENARIOS (scenarios/index.ts) says the same for the tests):
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
 *   NG-00035  off protocol (v2): esketamine induction interrupted by flu, 6 of its 8 sessions within
 *             the label's 28 days, the 7th on day 31, still in induction.  -> course.off_protocol
 *   NG-00036  screening override (v2): IV course started despite hypersensitivity answered yes (a
 *             rash years ago, skin testing negative), with the psychiatrist's reason.
 *             -> screening.override
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
 * Treatment courses (v2, courses.ts; docs/decisions.md "Demo data in treatment courses"): every
 * session is in a clinical course with its screening and protocol (built-in, or the clinic's own:
 * IM in both clinics, twice-weekly IV at Northgate); courses in induction, maintenance and ended in
 * each clinic; a re-induction each (RC-00020, NG-00021) after an ended course; REMS forms
 * submitted 1-4 days after the session, a handful due and one overdue per clinic. RC-00002's early
 * maintenance sessions also raise course.off_protocol.
 * Today's orders (v2, orders.ts): two Riverside patients without a named scenario, last seen 4+
 * days ago, have a session ordered this morning for later today (status ordered, no reading yet):
 * the board's "Expected today". The rules read only doses given, so they raise nothing.
 *
 * Where it lives (this folder, the demo feature: only the bootstrap and tests import it):
 *   demo-seed.ts       seedDemoData, and what the bootstrap and the tests use
 *   demo-clinics.ts    clinics, staff, synthetic names and medications
 *   builder.ts         the order in which everything is drawn (ids and data: two seeded sequences)
 *   plans.ts           patient plans: protocol, response type, session dates and doses
 *   curves.ts, vitals.ts  effect curves; vital signs, MOAA/S and CADSS-6 minute by minute
 *   sessions.ts, side-effects.ts  one session's observations, discharge and side effects
 *   phq9-trajectory.ts, phq9-course.ts  PHQ-9 totals over a course; the PHQ-9 rows
 *   scenarios/         the named scenarios, one file per group (definition.ts: what one can set)
 *   courses.ts         protocols, screenings, courses, REMS forms (v2)
 *   orders.ts          today's orders not started yet (drawn last)
 *   insert.ts          the inserts, in one transaction
 */
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../common/auth/password';
import { Clinic } from '../clinics/clinic.entity';
import { User } from '../users/user.entity';
import { buildDemoRows } from './builder';
import { insertRows } from './insert';

export { DEMO_CLINICS } from './demo-clinics';
export type { Scenario } from './model';
export { DEMO_SCENARIOS, type DemoScenario } from './scenarios';

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
  const rows = buildDemoRows(now, passwordHash);

  return dataSource.transaction(async (em) => {
    if (await occupied(em)) return null;
    await insertRows(em, rows);
    return { patients: rows.patients.length, sessions: rows.sessions.length };
  });
}
