/**
 * The protocol-aware rules (CLINICAL.md s4 v2 rows, s5, s8, s9): misuse.session_frequency,
 * misuse.dose_escalation and nonresponse.after_induction per course and protocol, the new
 * course.off_protocol and screening.override; standard practice raises none of them, and every
 * rule keeps its v1 behaviour without courses (misuse.rules.spec / response.rules.spec).
 */
import type { Role } from '../../api/enums';
import { DEFAULT_THRESHOLDS, mergeThresholds } from '../thresholds';
import { mayResolveFlag } from './flag-roles';
import { evaluateRules } from './index';
import { type FlagAction, reconcileFlags, type StoredFlagState } from './reconcile';
import {
  course,
  DAY,
  ESKETAMINE_SI,
  ESKETAMINE_US,
  HOUR,
  KETAMINE_IV,
  MINUTE,
  phq,
  records,
  run,
  session,
} from './testing/fixtures';
import type { PatientRecords, RuleCourse, RuleId, RuleProtocol, RuleSession } from './types';

/** Monday 5 January 2026, 09:00 UTC: day 0 of the courses below. */
const MONDAY = Date.parse('2026-01-05T09:00:00.000Z');
/** ISO time of day `day` after MONDAY, at 09:00 UTC plus `minutes`. */
const d = (day: number, minutes = 0): string =>
  new Date(MONDAY + day * DAY + minutes * MINUTE).toISOString();
/** The evaluation time: `day` days after MONDAY, at noon. */
const nowAt = (day: number): Date => new Date(MONDAY + day * DAY + 3 * HOUR);

interface Given {
  day: number;
  /** mg for esketamine, mg/kg for IV ketamine (70 kg: doseMg = 70 x mg/kg). */
  dose?: number;
  minutes?: number;
}

/** Sessions given in course `c` (ids `<c>-s<n>`, numbered in order; patient numbers from `from`). */
function given(c: RuleCourse, sessions: (Given | number)[], from = 1): RuleSession[] {
  return sessions.map((g, index) => {
    const { day, dose, minutes } = typeof g === 'number' ? { day: g } : g;
    const esketamine = c.drug === 'esketamine';
    const value = dose ?? (esketamine ? 56 : 0.5);
    return session(`${c.id}-s${index + 1}`, {
      sessionNumber: from + index,
      courseSessionNumber: index + 1,
      courseId: c.id,
      drug: c.drug,
      route: c.route,
      startedAt: d(day, minutes ?? 0),
      status: 'discharged',
      doseMg: esketamine ? value : Math.round(value * 70 * 100) / 100,
      doseMgPerKg: esketamine ? null : value,
      infusionMinutes: esketamine ? null : 40,
    });
  });
}

const ids = (found: { triggers: string[] }[]): string[][] => found.map((c) => c.triggers);
const courseOf = (proto: RuleProtocol | null, fields: Partial<RuleCourse> = {}): RuleCourse =>
  course('c1', proto, d(-3), fields);

/** The esketamine label's induction: twice weekly (Mon, Thu) for 4 weeks. */
const TWICE_WEEKLY = [0, 3, 7, 10, 14, 17, 21, 24];
/** IV induction: Mon, Wed, Fri for 2 weeks. */
const THREE_WEEKLY = [0, 2, 4, 7, 9, 11];

describe('misuse.session_frequency per protocol and phase (CLINICAL.md s4, s8)', () => {
  it.each<[string, RuleProtocol, number | null, number[], string[]]>([
    ['IV induction Mon, Wed, Fri twice: 3 in 7 days', KETAMINE_IV(), null, THREE_WEEKLY, []],
    [
      'IV induction: a 4th within 7 days',
      KETAMINE_IV(),
      null,
      [0, 1, 2, 3],
      ['s1', 's2', 's3', 's4'],
    ],
    ['IV induction Mon-Wed and the next Mon (7 days apart)', KETAMINE_IV(), null, [0, 1, 2, 7], []],
    ['esketamine induction twice weekly for 4 weeks', ESKETAMINE_US(), null, TWICE_WEEKLY, []],
    ['esketamine induction: 3 in 7 days', ESKETAMINE_US(), null, [0, 2, 4], ['s1', 's2', 's3']],
    // maintenance from day 28 (after 8 sessions)
    ['esketamine maintenance weekly', ESKETAMINE_US(), 27, [...TWICE_WEEKLY, 28, 35, 42], []],
    [
      'esketamine maintenance: 2 in 7 days',
      ESKETAMINE_US(),
      27,
      [...TWICE_WEEKLY, 28, 32],
      ['s10', 's9'],
    ],
    [
      'the first maintenance session 4 days after the last induction one (the label: week 4 -> 5)',
      ESKETAMINE_US(),
      25,
      [...TWICE_WEEKLY, 28],
      [],
    ],
    ['IV maintenance weekly', KETAMINE_IV(), 12, [...THREE_WEEKLY, 14, 21, 28], []],
    ['IV maintenance: 2 in 7 days', KETAMINE_IV(), 12, [...THREE_WEEKLY, 14, 16], ['s7', 's8']],
  ])('%s', (_label, proto, maintenanceDay, days, triggers) => {
    const c = courseOf(proto, maintenanceDay === null ? {} : { maintenanceAt: d(maintenanceDay) });
    const found = run(
      'misuse.session_frequency',
      records({ courses: [c], sessions: given(c, days).reverse() }),
    );
    expect(ids(found)).toEqual(
      triggers.length === 0 ? [] : [triggers.map((t) => `c1-${t}`).sort()],
    );
  });

  it('counts clinic-local calendar days: a weekly slot with a time jitter never fires', () => {
    const c = courseOf(ESKETAMINE_US(), { maintenanceAt: d(27) });
    // 6 d 23 h 30 min apart: the same weekday, 30 min earlier.
    const sessions = given(c, [...TWICE_WEEKLY, { day: 28 }, { day: 35, minutes: -30 }]);
    expect(run('misuse.session_frequency', records({ courses: [c], sessions }))).toEqual([]);
  });

  it("counts days in the clinic's zone, not UTC", () => {
    const c = courseOf(ESKETAMINE_US(), { maintenanceAt: d(27) });
    // Mon 2 Feb 20:30 New York (Tue 01:30 UTC) and Mon 9 Feb 09:00 New York (14:00 UTC): 7 local
    // days apart, 6 UTC days apart.
    const sessions = given(c, [
      ...TWICE_WEEKLY,
      { day: 28, minutes: 16 * 60 + 30 },
      { day: 35, minutes: 5 * 60 },
    ]);
    const recs = records({ courses: [c], sessions });
    expect(run('misuse.session_frequency', { ...recs, timeZone: 'America/New_York' })).toEqual([]);
    expect(ids(run('misuse.session_frequency', recs))).toEqual([['c1-s10', 'c1-s9']]);
  });

  it('names the protocol, the phase and the limit', () => {
    const c = courseOf(ESKETAMINE_US(), { maintenanceAt: d(27) });
    const sessions = given(c, [...TWICE_WEEKLY, 28, 32], 5);
    const [found] = run('misuse.session_frequency', records({ courses: [c], sessions }));
    expect(found.message).toBe(
      '2 sessions within 7 days (course sessions 9, 10; 2 Feb 2026, 09:00 UTC to 6 Feb 2026, ' +
        '09:00 UTC): Esketamine (US label) allows at most 1 in any 7 days in maintenance',
    );
    expect(found.threshold).toEqual({
      protocolId: c.protocol?.id,
      protocol: 'Esketamine (US label)',
      phase: 'maintenance',
      maxPerWeek: 1,
      rollingDays: 7,
    });
    expect(found.sessionId).toBe('c1-s10');
  });

  it('without a protocol: v1 (a 3rd session within 7 days), per course', () => {
    const a = course('a', null, d(-3), { endedAt: d(3) });
    const b = course('b', null, d(4), { kind: 'reinduction' });
    const sessions = [...given(a, [0, 2]), ...given(b, [5], 3)];
    expect(run('misuse.session_frequency', records({ courses: [a, b], sessions }))).toEqual([]);
    const three = [...given(a, [0, 2]), ...given(b, [5, 6], 3)];
    expect(
      ids(run('misuse.session_frequency', records({ courses: [a, b], sessions: three }))),
    ).toEqual([]);
    const v1 = [...given(b, [0, 2, 5])];
    const [found] = run('misuse.session_frequency', records({ courses: [b], sessions: v1 }));
    expect(found.threshold).toEqual({ sessionsPer7Days: 3, rollingDays: 7 });
  });

  it('sessions naming no course are judged together as in v1', () => {
    const c = courseOf(KETAMINE_IV());
    const loose = given(c, [0, 1, 2]).map((s) => ({ ...s, courseId: null }));
    expect(
      ids(run('misuse.session_frequency', records({ courses: [c], sessions: loose }))),
    ).toEqual([['c1-s1', 'c1-s2', 'c1-s3']]);
  });
});

describe('misuse.dose_escalation per protocol (CLINICAL.md s4, s8 dose plans)', () => {
  const doses = (values: number[], days = [0, 3, 7, 10, 14, 17]): Given[] =>
    values.map((dose, i) => ({ day: days[i], dose }));
  it.each<[string, RuleProtocol, number[], string[]]>([
    ['esketamine label titration 56 -> 84 -> 84', ESKETAMINE_US(), [56, 84, 84], []],
    ['esketamine 56 -> 112', ESKETAMINE_US(), [56, 112], ['s2']],
    ['esketamine 56 -> 84 -> 56 -> 84 (down, then a step)', ESKETAMINE_US(), [56, 84, 56, 84], []],
    ['esketamine 28 -> 56 (a lower first dose, then a step)', ESKETAMINE_US(), [28, 56], []],
    ['esketamine: a first dose of 84 above the plan first 56', ESKETAMINE_US(), [84, 84], ['s1']],
    ['esketamine acute SI: a first dose of 84', ESKETAMINE_SI(), [84, 56, 84], []],
    ['IV 0.5 -> 0.6 -> 0.75', KETAMINE_IV(), [0.5, 0.6, 0.75], []],
    ['IV 0.5 -> 0.9', KETAMINE_IV(), [0.5, 0.9], ['s2']],
    ['IV 0.5 -> 0.55 (not a step)', KETAMINE_IV(), [0.5, 0.55], ['s2']],
    ['IV 0.6 -> 0.55 (lower: never escalation)', KETAMINE_IV(), [0.5, 0.6, 0.55], []],
    // 37 and 43 mg at 73 kg: whole-mg rounding of 0.5 and 0.6 mg/kg
    ['IV 0.507 -> 0.589 (rounded mg doses of 0.5 and 0.6)', KETAMINE_IV(), [0.507, 0.589], []],
    ['IV 0.5 -> 0.724 (0.7 within 0.025)', KETAMINE_IV(), [0.5, 0.724], []],
    ['IV 0.5 -> 0.63 (0.6 + 0.03: not a step)', KETAMINE_IV(), [0.5, 0.63], ['s2']],
    ['IV: a first dose of 0.52 (within the tolerance of 0.5)', KETAMINE_IV(), [0.52], []],
    ['IV: a first dose of 0.6', KETAMINE_IV(), [0.6], ['s1']],
  ])('%s', (_label, proto, values, triggers) => {
    const c = courseOf(proto);
    const found = run(
      'misuse.dose_escalation',
      records({ courses: [c], sessions: given(c, doses(values)) }),
    );
    expect(ids(found)).toEqual(triggers.length === 0 ? [] : [triggers.map((t) => `c1-${t}`)]);
  });

  it("flags a step of the plan above the clinic's usual maximum", () => {
    const c = courseOf(KETAMINE_IV());
    const lowered = mergeThresholds({ doseLimits: { 'ketamine.iv': { usualMax: 0.6 } } });
    const [found] = run(
      'misuse.dose_escalation',
      records({ courses: [c], sessions: given(c, doses([0.5, 0.6, 0.7])) }),
      lowered,
    );
    expect(found.triggers).toEqual(['c1-s3']);
    expect(found.message).toBe(
      "Session 3 (course session 3) dose 0.7 mg/kg: above the clinic's usual maximum of 0.6 mg/kg for ketamine iv",
    );
  });

  it('names the plan, the previous dose and the threshold', () => {
    const c = courseOf(ESKETAMINE_US());
    const [found] = run(
      'misuse.dose_escalation',
      records({ courses: [c], sessions: given(c, doses([56, 84, 112]), 4) }),
    );
    expect(found.message).toBe(
      "Session 6 (course session 3) dose 112 mg: not a step of Esketamine (US label)'s dose plan " +
        '(56, 84 mg), up from 84 mg; above the usual maximum (CLINICAL.md s2) of 84 mg for esketamine intranasal',
    );
    expect(found.threshold).toEqual({
      protocolId: c.protocol?.id,
      protocol: 'Esketamine (US label)',
      dosePlan: { unit: 'mg', first: 56, steps: [56, 84] },
      tolerance: 1e-9,
      usualMaxByDrugRoute: { 'esketamine.intranasal': 84 },
    });
  });

  it("without a protocol: v1 (> 1.5 x the first dose), against each course's own first dose", () => {
    const a = course('a', null, d(-3), { endedAt: d(20) });
    const b = course('b', null, d(300), { kind: 'reinduction' });
    const sessions = [
      ...given(a, doses([0.3, 0.3])),
      ...given(
        b,
        [
          { day: 303, dose: 0.5 },
          { day: 306, dose: 0.5 },
        ],
        3,
      ),
    ];
    expect(run('misuse.dose_escalation', records({ courses: [a, b], sessions }))).toEqual([]);
    // Without courses, the same doses compare with the patient's first (0.3): 1.67 x.
    expect(
      ids(
        run(
          'misuse.dose_escalation',
          records({ sessions: sessions.map((s) => ({ ...s, courseId: null })) }),
        ),
      ),
    ).toEqual([['b-s1', 'b-s2']]);
  });
});

describe('nonresponse.after_induction per course (CLINICAL.md s4, s5, s8)', () => {
  const baseline = (id: string, day: number, total: number) =>
    phq(id, d(day), total, { recall: 'two_weeks' });
  it.each<[string, RuleProtocol | null, number, number[], string[]]>([
    ['IV: 6 infusions, no response', KETAMINE_IV(), 6, [15, 14], ['c1-s6']],
    ['IV: 5 infusions', KETAMINE_IV(), 5, [15], []],
    ['IV: 6 infusions and a response (10 of 20)', KETAMINE_IV(), 6, [15, 10], []],
    ['esketamine: 6 sessions of an induction of 8', ESKETAMINE_US(), 6, [15], []],
    ['esketamine: 8 sessions, no response', ESKETAMINE_US(), 8, [15], ['c1-s8']],
    ['no protocol: the v1 count of 6', null, 6, [15], ['c1-s6']],
  ])('%s', (_label, proto, count, totals, triggers) => {
    const c = courseOf(proto);
    const days = proto?.dosePlan.unit === 'mg' ? TWICE_WEEKLY : THREE_WEEKLY;
    const sessions = given(c, days.slice(0, count));
    const phq9 = [
      baseline('base', -2, 20),
      ...totals.map((total, i) => phq(`q${i}`, d(1 + i * 2), total)),
    ];
    expect(
      ids(run('nonresponse.after_induction', records({ courses: [c], sessions, phq9 }))),
    ).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('a re-induction is judged against its own baseline, not the first course', () => {
    const a = course('a', KETAMINE_IV(), d(-3), { phase: 'ended', endedAt: d(20) });
    const b = course('b', KETAMINE_IV(), d(360), { kind: 'reinduction' });
    const sessions = [
      ...given(a, THREE_WEEKLY),
      ...given(
        b,
        THREE_WEEKLY.map((x) => x + 365),
        7,
      ),
    ];
    const phq9 = [
      baseline('a-base', -2, 24),
      phq('a-24', d(12), 8), // course a responded (8 <= 12)
      baseline('b-base', 362, 16), // the re-induction's baseline
      phq('b-24', d(370), 10), // 10 > 8: no response against 16 (it would be one against 24)
    ];
    const [found] = run(
      'nonresponse.after_induction',
      records({ courses: [a, b], sessions, phq9 }),
    );
    expect(found.triggers).toEqual(['b-s6']);
    expect(found.message).toBe(
      '6 sessions of the course given (induction of IV ketamine 0.5 mg/kg: 6 sessions) and no ' +
        'PHQ-9 of the course has reached response (total <= 8, 50% of the course baseline of 16); ' +
        'lowest since: 10',
    );
    expect(found.evidence).toMatchObject({ courseId: 'b', baseline: { id: 'b-base', total: 16 } });
    expect(found.threshold).toEqual({
      protocolId: b.protocol?.id,
      protocol: 'IV ketamine 0.5 mg/kg',
      inductionSessions: 6,
      responseRatio: 0.5,
    });
  });

  it('a course moved to maintenance before its induction count is judged there', () => {
    const c = courseOf(KETAMINE_IV(), { phase: 'maintenance', maintenanceAt: d(8) });
    const sessions = given(c, [0, 2, 4, 7, 14]);
    const phq9 = [baseline('base', -2, 20), phq('q1', d(5), 15)];
    const [found] = run('nonresponse.after_induction', records({ courses: [c], sessions, phq9 }));
    expect(found.triggers).toEqual(['c1-s4']);
    expect(found.message).toMatch(/; moved to maintenance after 4\)/);
  });
});

describe('phq9.worsening against the course baseline (CLINICAL.md s5 v2)', () => {
  const a = course('a', KETAMINE_IV(), d(-3), { phase: 'ended', endedAt: d(20) });
  const b = course('b', KETAMINE_IV(), d(360), { kind: 'reinduction' });
  const sessions = [...given(a, [0, 2, 4]), ...given(b, [365, 367], 4)];
  const phq9 = (latest: number) => [
    phq('a-base', d(-2), 10, { recall: 'two_weeks' }),
    phq('b-base', d(362), 22, { recall: 'two_weeks' }),
    phq('b-24', d(366), latest),
  ];
  it.each<[string, number, string[]]>([
    ['17 in the re-induction: not worse than its baseline 22', 17, []],
    ['27 in the re-induction: 5 above its baseline 22', 27, ['b-24']],
  ])('%s', (_label, latest, triggers) => {
    const found = run('phq9.worsening', records({ courses: [a, b], sessions, phq9: phq9(latest) }));
    expect(ids(found)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it("v1 (no courses) compares with the patient's first baseline", () => {
    const loose = sessions.map((s) => ({ ...s, courseId: null }));
    expect(ids(run('phq9.worsening', records({ sessions: loose, phq9: phq9(17) })))).toEqual([
      ['b-24'],
    ]);
  });
});

describe('course.off_protocol (CLINICAL.md s4 v2)', () => {
  it.each<[string, RuleProtocol, Partial<RuleCourse>, (number | Given)[], number, string[]]>([
    ['IV induction Mon, Wed, Fri', KETAMINE_IV(), {}, THREE_WEEKLY, 12, []],
    [
      'IV: two infusions on one day',
      KETAMINE_IV(),
      {},
      [0, { day: 0, minutes: 240 }, 2],
      3,
      ['c1-s2'],
    ],
    [
      'esketamine maintenance 5 days apart',
      ESKETAMINE_US(),
      { maintenanceAt: d(27) },
      [...TWICE_WEEKLY, 28, 33],
      34,
      ['c1-s10'],
    ],
    [
      'esketamine: the first maintenance session 4 days after induction',
      ESKETAMINE_US(),
      { maintenanceAt: d(25) },
      [...TWICE_WEEKLY, 28, 35, 42],
      43,
      [],
    ],
    [
      'weekly maintenance with a 30-min jitter',
      ESKETAMINE_US(),
      { maintenanceAt: d(25) },
      [...TWICE_WEEKLY, 28, { day: 35, minutes: -30 }, { day: 42, minutes: -45 }],
      43,
      [],
    ],
    [
      'induction of 5 of 8 on day 27: the window is open',
      ESKETAMINE_US(),
      {},
      [0, 3, 7, 10, 14],
      27,
      [],
    ],
    [
      'induction of 5 of 8 on day 28: not finished within 28 days',
      ESKETAMINE_US(),
      {},
      [0, 3, 7, 10, 14],
      28,
      ['induction_window:c1'],
    ],
    [
      'the 8th on day 28 is outside the window',
      ESKETAMINE_US(),
      {},
      [0, 3, 7, 10, 14, 17, 21, 28],
      29,
      ['induction_window:c1'],
    ],
    ['8 within 28 days', ESKETAMINE_US(), {}, TWICE_WEEKLY, 60, []],
    [
      'moved to maintenance early (day 20), before the window ended',
      ESKETAMINE_US(),
      { maintenanceAt: d(20), phase: 'maintenance' },
      [0, 3, 7, 10, 14],
      40,
      [],
    ],
    [
      'ended (day 16) before the window ended',
      ESKETAMINE_US(),
      { endedAt: d(16), phase: 'ended' },
      [0, 3, 7, 10, 14],
      40,
      [],
    ],
    ['IV induction of 4 by day 21', KETAMINE_IV(), {}, [0, 2, 4, 7], 21, ['induction_window:c1']],
  ])('%s', (_label, proto, fields, days, today, triggers) => {
    const c = courseOf(proto, fields);
    const found = run(
      'course.off_protocol',
      records({ courses: [c], sessions: given(c, days) }),
      DEFAULT_THRESHOLDS,
      nowAt(today),
    );
    expect(ids(found)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('names the interval, the protocol and the window; info in category course', () => {
    const c = courseOf(KETAMINE_IV());
    const [found] = run(
      'course.off_protocol',
      records({ courses: [c], sessions: given(c, [0, { day: 0, minutes: 240 }]) }),
      DEFAULT_THRESHOLDS,
      nowAt(25),
    );
    expect(found).toMatchObject({ category: 'course', severity: 'info', sessionId: 'c1-s2' });
    expect(found.triggers).toEqual(['c1-s2', 'induction_window:c1']);
    expect(found.message).toBe(
      'Session 2 (course session 2) on 5 Jan 2026, 13:00 UTC: the same day as the previous ' +
        'session; IV ketamine 0.5 mg/kg asks for at least 1 day between sessions in induction; ' +
        'induction not finished within 21 days of the first session (5 Jan 2026, 09:00 UTC): 2 of ' +
        '6 sessions given',
    );
    expect(found.threshold).toEqual({
      protocolId: c.protocol?.id,
      protocol: 'IV ketamine 0.5 mg/kg',
      inductionSessions: 6,
      inductionWithinDays: 21,
      minDaysBetween: { induction: 1, maintenance: 7 },
    });
  });

  it('without a protocol or without courses: nothing', () => {
    const c = courseOf(null);
    const sessions = given(c, [0, 0, 1]);
    expect(run('course.off_protocol', records({ courses: [c], sessions }))).toEqual([]);
    expect(run('course.off_protocol', records({ sessions }))).toEqual([]);
  });
});

describe('screening.override (CLINICAL.md s9)', () => {
  it.each<[string, Partial<RuleCourse>, boolean]>([
    ['an override reason', { overrideReason: 'benefit outweighs the risk' }, true],
    ['no override', {}, false],
    ['a blank reason', { overrideReason: '  ' }, false],
  ])('%s -> fires %p', (_label, fields, fires) => {
    const c = courseOf(ESKETAMINE_US(), fields);
    expect(run('screening.override', records({ courses: [c] }))).toHaveLength(fires ? 1 : 0);
  });

  it('names the contraindications and the reason; trigger = the course', () => {
    const c = courseOf(ESKETAMINE_US(), {
      absoluteContraindications: ['aneurysmal_vascular_disease', 'intracerebral_haemorrhage'],
      overrideReason: 'Repaired aneurysm 2019, vascular surgeon agrees',
      overrideBy: 'u-psy',
    });
    const [found] = run('screening.override', records({ courses: [c], sessions: given(c, [0]) }));
    expect(found).toMatchObject({
      category: 'course',
      severity: 'warning',
      sessionId: 'c1-s1',
      triggers: ['c1'],
      threshold: {
        absoluteContraindications: [
          'aneurysmal_vascular_disease',
          'arteriovenous_malformation',
          'intracerebral_haemorrhage',
          'hypersensitivity',
        ],
      },
    });
    expect(found.message).toBe(
      'Esketamine intranasal course (Esketamine (US label)) started on 2 Jan 2026, 09:00 UTC ' +
        'despite absolute contraindications: aneurysmal vascular disease; history of ' +
        "intracerebral haemorrhage. Psychiatrist's reason: Repaired aneurysm 2019, vascular surgeon agrees",
    );
  });
});

/** Standard practice under each protocol raises none of the course-aware rules. */
describe('standard practice raises no course-aware flag', () => {
  const RULES_UNDER_TEST: RuleId[] = [
    'misuse.session_frequency',
    'misuse.dose_escalation',
    'course.off_protocol',
    'nonresponse.after_induction',
    'screening.override',
  ];
  it.each<[string, RuleProtocol, number, Given[]]>([
    [
      'esketamine label: twice weekly 56 -> 84, then weekly with jitter, then every 2 weeks',
      ESKETAMINE_US(),
      25,
      [
        ...TWICE_WEEKLY.map((day, i) => ({ day, dose: i === 0 ? 56 : i < 3 ? 56 : 84 })),
        { day: 28, dose: 84 },
        { day: 35, dose: 84, minutes: -20 },
        { day: 42, dose: 84, minutes: 35 },
        { day: 49, dose: 84, minutes: -50 },
        { day: 63, dose: 84 },
        { day: 77, dose: 56 },
      ],
    ],
    [
      'IV: Mon, Wed, Fri 0.5 -> 0.6 -> 0.75, then weekly',
      KETAMINE_IV(),
      12,
      [
        ...THREE_WEEKLY.map((day, i) => ({ day, dose: i < 2 ? 0.5 : i < 4 ? 0.6 : 0.75 })),
        { day: 14, dose: 0.75 },
        { day: 21, dose: 0.75, minutes: -30 },
        { day: 28, dose: 0.7 },
      ],
    ],
  ])('%s', (_label, proto, maintenanceDay, sessionsGiven) => {
    const c = courseOf(proto, { phase: 'maintenance', maintenanceAt: d(maintenanceDay) });
    const recs = records({
      courses: [c],
      sessions: given(c, sessionsGiven),
      phq9: [phq('base', d(-2), 20, { recall: 'two_weeks' }), phq('q1', d(15), 9)],
    });
    expect(evaluateRules(recs, DEFAULT_THRESHOLDS, nowAt(90), RULES_UNDER_TEST)).toEqual([]);
  });
});

// ---- A signal never goes silent; a resolved flag is not re-raised; entered in error (s4 v2) ----

function apply(state: StoredFlagState[], actions: FlagAction[]): StoredFlagState[] {
  let next = [...state];
  for (const action of actions) {
    if (action.kind === 'create') {
      const c = action.candidate;
      next.push({
        id: `f${next.length + 1}`,
        rule: c.rule,
        subjectKey: action.subjectKey,
        status: 'open',
        severity: c.severity,
        triggers: c.triggers,
        message: c.message,
        evidence: c.evidence,
        threshold: c.threshold,
        sessionId: c.sessionId,
        resolvedBy: null,
        newEvidenceSince: null,
        newEvidenceCount: 0,
      });
    } else if (action.kind === 'update') {
      next = next.map((f) =>
        f.id !== action.flagId
          ? f
          : {
              ...f,
              ...action.content,
              status: action.escalation === 'reopen' ? 'open' : f.status,
              newEvidenceSince: action.newEvidenceSince,
              newEvidenceCount: action.newEvidenceCount,
              evidenceWithdrawn: false,
            },
      );
    } else if (action.kind === 'resolve') {
      next = next.map((f) => (f.id === action.flagId ? { ...f, status: 'resolved' } : f));
    } else {
      next = next.map((f) =>
        f.id === action.flagId ? { ...f, triggers: action.triggers, evidenceWithdrawn: true } : f,
      );
    }
  }
  return next;
}

function evaluate(state: StoredFlagState[], recs: PatientRecords, rule: RuleId, now: Date) {
  return apply(
    state,
    reconcileFlags({
      patientId: recs.patientId,
      existing: state,
      candidates: evaluateRules(recs, DEFAULT_THRESHOLDS, now, [rule]),
      rulesInScope: new Set([rule]),
      now,
    }),
  );
}

function mark(
  state: StoredFlagState[],
  before: PatientRecords,
  marked: string[],
  rule: RuleId,
  role: Role,
  now: Date,
) {
  const withdrawn = new Set(marked);
  const without: PatientRecords = {
    ...before,
    sessions: before.sessions.filter((s) => !withdrawn.has(s.id)),
  };
  return apply(
    state,
    reconcileFlags({
      patientId: before.patientId,
      existing: state,
      candidates: evaluateRules(without, DEFAULT_THRESHOLDS, now, [rule]),
      candidatesBefore: evaluateRules(before, DEFAULT_THRESHOLDS, now, [rule]),
      rulesInScope: new Set([rule]),
      withdrawn,
      mayResolve: (f) => mayResolveFlag(role, f.rule, false),
      now,
    }),
  );
}

interface Scenario {
  raised: PatientRecords;
  /** The raised records plus one that is a new trigger. */
  fresh: PatientRecords;
  freshTrigger: string;
  /** A session whose entry in error takes the flag's evidence (null: the rule reads no session). */
  marked: string | null;
  now: Date;
}

const ivCourse = courseOf(KETAMINE_IV());
const eskCourse = courseOf(ESKETAMINE_US());
const reinduction = course('c2', KETAMINE_IV(), d(200), { kind: 'reinduction' });
const endedIv = { ...ivCourse, phase: 'ended' as const, endedAt: d(30) };
const nonresponsePhq9 = [
  phq('base', d(-2), 20, { recall: 'two_weeks' }),
  phq('q1', d(5), 15),
  phq('base2', d(198), 20, { recall: 'two_weeks' }),
  phq('q2', d(205), 15),
];

const SCENARIOS: Record<
  | 'misuse.session_frequency'
  | 'misuse.dose_escalation'
  | 'nonresponse.after_induction'
  | 'course.off_protocol'
  | 'screening.override',
  Scenario
> = {
  'misuse.session_frequency': {
    raised: records({ courses: [ivCourse], sessions: given(ivCourse, [0, 1, 2, 3]) }),
    fresh: records({ courses: [ivCourse], sessions: given(ivCourse, [0, 1, 2, 3, 4]) }),
    freshTrigger: 'c1-s5',
    marked: 'c1-s4',
    now: nowAt(5),
  },
  'misuse.dose_escalation': {
    raised: records({
      courses: [eskCourse],
      sessions: given(eskCourse, [
        { day: 0, dose: 56 },
        { day: 3, dose: 112 },
      ]),
    }),
    fresh: records({
      courses: [eskCourse],
      sessions: given(eskCourse, [
        { day: 0, dose: 56 },
        { day: 3, dose: 112 },
        { day: 7, dose: 56 },
        { day: 10, dose: 112 },
      ]),
    }),
    freshTrigger: 'c1-s4',
    marked: 'c1-s2',
    now: nowAt(11),
  },
  'nonresponse.after_induction': {
    raised: records({
      courses: [endedIv, reinduction],
      sessions: given(endedIv, THREE_WEEKLY),
      phq9: nonresponsePhq9,
    }),
    fresh: records({
      courses: [endedIv, reinduction],
      sessions: [
        ...given(endedIv, THREE_WEEKLY),
        ...given(
          reinduction,
          THREE_WEEKLY.map((x) => x + 200),
          7,
        ),
      ],
      phq9: nonresponsePhq9,
    }),
    freshTrigger: 'c2-s6',
    marked: 'c1-s6',
    now: nowAt(215),
  },
  'course.off_protocol': {
    raised: records({ courses: [ivCourse], sessions: given(ivCourse, [0, 0, 2]) }),
    fresh: records({ courses: [ivCourse], sessions: given(ivCourse, [0, 0, 2, 2]) }),
    freshTrigger: 'c1-s4',
    marked: 'c1-s2',
    now: nowAt(3),
  },
  'screening.override': {
    raised: records({ courses: [{ ...endedIv, overrideReason: 'benefit outweighs the risk' }] }),
    fresh: records({
      courses: [
        { ...endedIv, overrideReason: 'benefit outweighs the risk' },
        { ...reinduction, overrideReason: 'as before' },
      ],
    }),
    freshTrigger: 'c2',
    marked: null,
    now: nowAt(215),
  },
};

describe.each(Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[])('%s and its flag', (rule) => {
  const s = SCENARIOS[rule];

  it('raises one flag; the same records again change nothing', () => {
    const flags = evaluate([], s.raised, rule, s.now);
    expect(flags).toHaveLength(1);
    expect(evaluate(flags, s.raised, rule, s.now)).toEqual(flags);
  });

  it('acknowledged, a new trigger: stays acknowledged with the new evidence counted', () => {
    const acknowledged = evaluate([], s.raised, rule, s.now).map((f) => ({
      ...f,
      status: 'acknowledged' as const,
    }));
    const [after] = evaluate(acknowledged, s.fresh, rule, s.now);
    expect(after).toMatchObject({
      status: 'acknowledged',
      newEvidenceSince: s.now.toISOString(),
      newEvidenceCount: 1,
    });
    expect(after.triggers).toContain(s.freshTrigger);
  });

  it('resolved: not raised again by the same records; a new trigger raises a new flag', () => {
    const resolved = evaluate([], s.raised, rule, s.now).map((f) => ({
      ...f,
      status: 'resolved' as const,
      resolvedBy: 'u-psy',
    }));
    expect(evaluate(resolved, s.raised, rule, s.now)).toEqual(resolved);
    const after = evaluate(resolved, s.fresh, rule, s.now);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ status: 'open' });
    expect(after[1].triggers).toContain(s.freshTrigger);
  });

  if (s.marked !== null) {
    const marked = s.marked;
    it("the session behind it entered in error: a psychiatrist's mark resolves it", () => {
      const flags = evaluate([], s.raised, rule, s.now);
      expect(mark(flags, s.raised, [marked], rule, 'psychiatrist', s.now)).toEqual([
        expect.objectContaining({ status: 'resolved' }),
      ]);
    });

    it("a nurse's mark: resolved when she may resolve the rule, else its evidence withdrawn", () => {
      const flags = evaluate([], s.raised, rule, s.now);
      const [after] = mark(flags, s.raised, [marked], rule, 'nurse', s.now);
      if (mayResolveFlag('nurse', rule, false)) {
        expect(after.status).toBe('resolved');
      } else {
        expect(after).toMatchObject({ status: 'open', evidenceWithdrawn: true });
        expect(after.triggers).not.toContain(marked);
      }
    });
  }
});
