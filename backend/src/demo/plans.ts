/** Patient plans: who each patient is and the shape of their course (protocol, dates, doses). */
import { DAY_MS, HOUR_MS, MINUTE_MS, type Sex } from '@clinic/shared';
import { patientSearchText } from '../patients/patient.mapper';
import { FAMILY, GIVEN, LORAZEPAM, MEDICATIONS, mrnOf, PATIENTS_PER_CLINIC } from './demo-clinics';
import { clamp, minutes, weighted } from './helpers';
import type { ClinicCtx, DemoContext, PatientPlan, Protocol, ResponseType } from './model';
import type { Prng } from './prng';
import { BOARD, definitionOf, REINDUCTION, SCENARIO_DEFINITIONS, SCENARIOS } from './scenarios';
import { DEEP_SEDATION_SESSION } from './scenarios/sedation';

/** The re-induction: 7 sessions in the first course, a gap of months, 3 of the re-induction. */
const REINDUCTION_SHAPE = { sessions: 10, firstCourse: 7, gapDays: 150, lastDaysAgo: 2 };

const SESSION_COUNTS: Record<Protocol, readonly number[]> = {
  iv: [6, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12],
  esketamine: [6, 7, 8, 8, 9, 10, 11, 12],
  im: [6, 6, 7, 8],
};

export function planClinic(ctx: DemoContext, clinic: ClinicCtx): PatientPlan[] {
  const rng = ctx.rng;
  const names = new Set<string>();
  const nowYear = ctx.now.getUTCFullYear();
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
      const setup = SCENARIO_DEFINITIONS[scenario];
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
      const setup = SCENARIO_DEFINITIONS[scenario];
      sessionCount = setup.sessions ?? sessionCount;
      lastDaysAgo = setup.lastDaysAgo ?? lastDaysAgo;
    }
    // The re-induction patient (v2): an IV responder whose first course ended months ago.
    const reinduction = REINDUCTION[clinic.index] === index ? REINDUCTION_SHAPE : null;
    if (reinduction) {
      protocol = 'iv';
      response = 'responder';
      sessionCount = reinduction.sessions;
      lastDaysAgo = reinduction.lastDaysAgo;
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
    const weightKg = Math.round(clamp(rng.normal(sex === 'male' ? 84 : 72, 13), 50, 120) * 10) / 10;
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
    if (scenario === 'respiratory' && !medications.includes(LORAZEPAM)) medications.push(LORAZEPAM);
    const mrn = mrnOf(clinic.index, index);
    const plan: PatientPlan = {
      clinic,
      index,
      id: ctx.ids.uuid(),
      mrn,
      weightKg,
      protocol,
      response,
      sessionCount,
      scenario,
      boardElapsed: board ? board.elapsed + rng.int(0, 3) : null,
      lastDaysAgo,
      medications,
      reinductionAfter: reinduction ? reinduction.firstCourse : null,
      vitals: {
        sys: clamp(Math.round(rng.normal(122, 9)), 104, 134),
        dia: clamp(Math.round(rng.normal(77, 6)), 62, 86),
        hr: clamp(Math.round(rng.normal(74, 8)), 58, 92),
        spo2: rng.int(96, 99),
        rr: rng.int(12, 16),
      },
    };
    plans.push(plan);
    ctx.rows.patients.push({
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
      createdAt: ctx.now, // set once the course is dated (buildPatient)
      updatedAt: ctx.now,
    });
  }
  return plans;
}

/**
 * Days between consecutive sessions. No three sessions within 7 days (clinic cap: twice weekly);
 * the induction fits its protocol's window with two days to spare (CLINICAL.md s8: 8 esketamine
 * sessions within 28 days, 6 infusions within 21 or 24). A re-induction starts its induction again
 * after a gap of months.
 */
export function courseGaps(plan: PatientPlan, rng: Prng): number[] {
  const fixed = definitionOf(plan.scenario)?.gaps;
  if (fixed) return [...fixed];
  const protocol = plan.clinic.protocols[plan.protocol];
  const induction = protocol.induction.sessions;
  const split = plan.reinductionAfter;
  const gaps: number[] = [];
  let previous = 0;
  let inductionDays = 0;
  for (let i = 1; i < plan.sessionCount; i++) {
    if (split !== null && i === split) {
      gaps.push(REINDUCTION_SHAPE.gapDays);
      previous = 0;
      inductionDays = 0;
      continue;
    }
    const inCourse = split !== null && i > split ? i - split : i;
    let gap: number;
    if (inCourse < induction) {
      // Twice weekly (Mon/Thu-like), now and then a day later; two gaps always span >= 7 days.
      gap =
        previous === 0
          ? rng.pick([3, 4])
          : previous === 3
            ? rng.pick([4, 4, 4, 5])
            : rng.pick([3, 3, 4]);
      if (previous > 0 && previous + gap < 7) gap = 7 - previous;
      // Within the induction window (two days to spare): the shortest gap the cap allows when
      // this one and the rest (3.5 days each on average) would not fit.
      const left = induction - 1 - inCourse; // gaps of the induction after this one
      if (inductionDays + gap + Math.ceil(left * 3.5) > protocol.induction.withinDays - 2) {
        gap = previous > 0 ? Math.max(3, 7 - previous) : 3;
      }
      inductionDays += gap;
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
export function courseDoses(plan: PatientPlan, rng: Prng): number[] {
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
    // 0.5 mg/kg IM first (the protocol's first dose), 0.75 mg/kg from session 2 until the deeply
    // sedated session, then 0.5 mg/kg.
    return Array.from({ length: n }, (_, i) =>
      perKg(i > 0 && i <= DEEP_SEDATION_SESSION ? 0.75 : 0.5),
    );
  }
  if (plan.protocol === 'im') {
    // The clinic's IM protocol: 0.5 mg/kg first, then the patient's dose (a step of its plan).
    const mgPerKg = rng.pick([0.5, 0.6, 0.75]);
    return Array.from({ length: n }, (_, i) => perKg(i === 0 ? 0.5 : mgPerKg));
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
export function placeSessions(plan: PatientPlan, gaps: number[], now: number, rng: Prng): number[] {
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
