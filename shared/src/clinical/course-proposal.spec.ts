/**
 * The order form's proposal for a course's next session (CLINICAL.md s8 protocols; the rolling
 * 7-day windows of s4 in clinic-local calendar days).
 */
import type { CoursePhase } from '../api/course-types';
import { inductionComplete, type ProposalSession, proposeNextSession } from './course-proposal';
import { BUILT_IN_PROTOCOL_IDS, BUILT_IN_PROTOCOLS } from './protocols';
import { evaluateRules } from './rules';
import { course, protocol, records, session } from './rules/testing/fixtures';
import type { RuleProtocol, RuleSession } from './rules/types';
import { DEFAULT_THRESHOLDS, mergeThresholds } from './thresholds';

const DAY = 86_400_000;
/** Monday 5 January 2026, 09:00 UTC. */
const MONDAY = Date.parse('2026-01-05T09:00:00.000Z');
const at = (day: number, hours = 0): Date => new Date(MONDAY + day * DAY + hours * 3_600_000);
const withDrug = (id: string) => {
  const p = BUILT_IN_PROTOCOLS.find((x) => x.id === id);
  if (p === undefined) throw new Error(id);
  return { ...protocol(id), drug: p.drug, route: p.route };
};
const ESK = withDrug(BUILT_IN_PROTOCOL_IDS.esketamineUs);
const SI = withDrug(BUILT_IN_PROTOCOL_IDS.esketamineAcuteSi);
const IV = withDrug(BUILT_IN_PROTOCOL_IDS.ketamineIv);

const esk = (day: number, mg = 56): ProposalSession => ({
  startedAt: at(day),
  doseMg: mg,
  doseMgPerKg: null,
});
const iv = (day: number, perKg = 0.5): ProposalSession => ({
  startedAt: at(day),
  doseMg: Math.round(perKg * 70),
  doseMgPerKg: perKg,
});
const TWICE_WEEKLY = [0, 3, 7, 10, 14, 17, 21, 24];

describe('inductionComplete (CLINICAL.md s8: the protocol induction count)', () => {
  it.each<[RuleProtocol, number, boolean]>([
    [ESK, 7, false],
    [ESK, 8, true],
    [IV, 5, false],
    [IV, 6, true],
    [IV, 9, true],
  ])('%#: %i given -> %p', (p, count, complete) => {
    expect(inductionComplete(p, count)).toBe(complete);
  });
});

describe('proposeNextSession: the earliest date (CLINICAL.md s8)', () => {
  it.each<[string, typeof ESK, CoursePhase, ProposalSession[], string | null, Date, string | null]>(
    [
      ['esketamine: the first session today', ESK, 'induction', [], null, at(0, 3), '2026-01-05'],
      [
        'esketamine: after Monday, Tuesday (1 day)',
        ESK,
        'induction',
        [esk(0)],
        null,
        at(0, 3),
        '2026-01-06',
      ],
      // Mon and Thu given: 2 in 7 days until the next Monday.
      [
        'esketamine: twice weekly, then the next Monday',
        ESK,
        'induction',
        [esk(0), esk(3)],
        null,
        at(3, 3),
        '2026-01-12',
      ],
      ['esketamine: a later today wins', ESK, 'induction', [esk(0)], null, at(9), '2026-01-14'],
      // Mon, Wed, Fri given: 3 in 7 days until the next Monday.
      [
        'IV: three weekly, then the next Monday',
        IV,
        'induction',
        [iv(0), iv(2), iv(4)],
        null,
        at(4, 3),
        '2026-01-12',
      ],
      [
        'IV: after Mon and Wed, Thursday',
        IV,
        'induction',
        [iv(0), iv(2)],
        null,
        at(2, 3),
        '2026-01-08',
      ],
      // 8 given on Mon/Thu: the 9th is maintenance, 1 in 7 days: Thu 24 -> the Monday after (day 28).
      [
        'esketamine: induction complete, maintenance next',
        ESK,
        'induction',
        TWICE_WEEKLY.map((x) => esk(x)),
        null,
        at(24, 3),
        '2026-02-02',
      ],
      [
        'esketamine maintenance weekly: 7 days after the last',
        ESK,
        'maintenance',
        [...TWICE_WEEKLY, 28].map((x) => esk(x, 84)),
        '2026-01-30T09:00:00.000Z',
        at(28, 3),
        '2026-02-09',
      ],
      [
        'IV maintenance weekly',
        IV,
        'maintenance',
        [0, 2, 4, 7, 9, 11, 14].map((x) => iv(x)),
        '2026-01-17T09:00:00.000Z',
        at(15),
        '2026-01-26',
      ],
      [
        'acute SI: session 4 of the induction',
        SI,
        'induction',
        [0, 3, 7].map((x) => esk(x, 84)),
        null,
        at(7, 3),
        '2026-01-15',
      ],
      [
        'acute SI: induction complete, no maintenance studied',
        SI,
        'induction',
        TWICE_WEEKLY.map((x) => esk(x, 84)),
        null,
        at(24, 3),
        null,
      ],
      ['an ended course', ESK, 'ended', [esk(0)], null, at(3), null],
    ],
  )('%s', (_label, p, phase, courseSessions, maintenanceAt, now, earliest) => {
    const proposal = proposeNextSession({ protocol: p, phase, courseSessions, maintenanceAt, now });
    expect(proposal?.earliestDate ?? null).toBe(earliest);
  });

  it("a clinic's protocol whose maintenance window binds before its interval", () => {
    const twiceWeekly = { ...IV, maintenance: { maxPerWeek: 2, minDaysBetween: 2 } };
    const proposal = proposeNextSession({
      protocol: twiceWeekly,
      phase: 'maintenance',
      courseSessions: [0, 2, 4, 7, 9, 11, 14, 16].map((x) => iv(x)),
      maintenanceAt: '2026-01-17T09:00:00.000Z',
      now: at(16, 3),
    });
    // Day 18 is 2 days after the last, but 14 and 16 are in its 7 days: day 21 (Mon 26 Jan).
    expect(proposal?.earliestDate).toBe('2026-01-26');
  });

  it("counts calendar days in the clinic's zone", () => {
    // 22:00 in New York on Monday 5 Jan is 03:00 UTC on Tuesday.
    const now = new Date('2026-01-06T03:00:00.000Z');
    const proposal = (timeZone?: string) =>
      proposeNextSession({ protocol: ESK, phase: 'induction', courseSessions: [], timeZone, now });
    expect(proposal('America/New_York')?.earliestDate).toBe('2026-01-05');
    expect(proposal()?.earliestDate).toBe('2026-01-06');
  });

  it('says which session, the limit, the interval and why the dose', () => {
    expect(
      proposeNextSession({
        protocol: ESK,
        phase: 'induction',
        courseSessions: [esk(0), esk(3, 84)],
        now: at(3, 3),
      }),
    ).toEqual({
      earliestDate: '2026-01-12',
      dose: 84,
      unit: 'mg',
      allowedDoses: [56, 84],
      reason:
        'Session 3 of 8 of induction (Esketamine (US label)); at most 2 in any 7 days, at least ' +
        '1 day after the previous session; 2026-01-12 is the first day within these limits; ' +
        'dose 84 mg: the last dose given',
    });
  });
});

describe('proposeNextSession: the dose on the plan (CLINICAL.md s8)', () => {
  it.each<[string, typeof ESK, ProposalSession[], number, number[]]>([
    ['esketamine: the first dose', ESK, [], 56, [56]],
    ['esketamine: the last dose 84', ESK, [esk(0), esk(3, 84)], 84, [56, 84]],
    [
      'esketamine: 112 given (off the plan): the step below, 84',
      ESK,
      [esk(0), esk(3, 112)],
      84,
      [56, 84],
    ],
    ['esketamine: 28 given (below the plan): the lowest step', ESK, [esk(0, 28)], 56, [56, 84]],
    ['acute SI: the first dose 84', SI, [], 84, [84]],
    ['acute SI: 56 if not tolerated', SI, [esk(0, 84), esk(3, 56)], 56, [56, 84]],
    ['IV: the first dose', IV, [], 0.5, [0.5]],
    [
      'IV: 0.589 given (43 mg at 73 kg) is the step 0.6',
      IV,
      [iv(0), iv(2, 0.589)],
      0.6,
      [0.5, 0.6, 0.7, 0.75],
    ],
    ['IV: 0.65 given: the step below, 0.6', IV, [iv(0), iv(2, 0.65)], 0.6, [0.5, 0.6, 0.7, 0.75]],
    [
      'IV: a dose without a weight reads the one before',
      IV,
      [iv(0, 0.6), { ...iv(2), doseMgPerKg: null }],
      0.6,
      [0.5, 0.6, 0.7, 0.75],
    ],
  ])('%s', (_label, p, courseSessions, dose, allowed) => {
    const proposal = proposeNextSession({
      protocol: p,
      phase: 'induction',
      courseSessions,
      now: at(5),
    });
    expect(proposal).toMatchObject({ dose, allowedDoses: allowed });
  });

  it("no step above the clinic's usual maximum", () => {
    const proposal = proposeNextSession({
      protocol: IV,
      phase: 'induction',
      courseSessions: [iv(0), iv(2, 0.75)],
      clinicDoseLimits: mergeThresholds({ doseLimits: { 'ketamine.iv': { usualMax: 0.6 } } })
        .doseLimits,
      now: at(5),
    });
    expect(proposal).toMatchObject({ dose: 0.6, allowedDoses: [0.5, 0.6], unit: 'mg_per_kg' });
  });
});

/** Sessions ordered as proposed raise none of the course-aware rules. */
describe('following the proposals raises no course-aware flag', () => {
  it.each<[string, typeof ESK, number]>([
    ['esketamine (US label), 14 sessions', ESK, 14],
    ['IV ketamine, 10 sessions', IV, 10],
  ])('%s', (_label, p, count) => {
    const c = course('c1', p, at(-1).toISOString());
    const sessions: RuleSession[] = [];
    let maintenanceAt: string | null = null;
    for (let n = 1; n <= count; n++) {
      const phase = maintenanceAt === null ? 'induction' : 'maintenance';
      const proposal = proposeNextSession({
        protocol: p,
        phase,
        courseSessions: sessions,
        maintenanceAt,
        now: sessions.length === 0 ? at(0) : new Date(sessions[sessions.length - 1].startedAt),
      });
      if (proposal === null) throw new Error('no proposal');
      // Given at the earliest date, at a time that wanders by up to an hour.
      const startedAt = new Date(`${proposal.earliestDate}T09:00:00.000Z`);
      startedAt.setUTCMinutes(((n * 23) % 60) - 30);
      if (phase === 'induction' && inductionComplete(p, sessions.length)) {
        maintenanceAt = new Date(startedAt.getTime() - 1).toISOString();
      }
      const dose = n === 3 ? (p.dosePlan.steps.at(-1) ?? proposal.dose) : proposal.dose;
      sessions.push(
        session(`c1-s${n}`, {
          sessionNumber: n,
          courseId: 'c1',
          courseSessionNumber: n,
          drug: c.drug,
          route: c.route,
          startedAt: startedAt.toISOString(),
          status: 'discharged',
          doseMg: p.dosePlan.unit === 'mg' ? dose : Math.round(dose * 70),
          doseMgPerKg: p.dosePlan.unit === 'mg' ? null : dose,
        }),
      );
    }
    const recs = records({ courses: [{ ...c, maintenanceAt }], sessions });
    const found = evaluateRules(recs, DEFAULT_THRESHOLDS, at(120), [
      'misuse.session_frequency',
      'misuse.dose_escalation',
      'course.off_protocol',
    ]);
    expect(found).toEqual([]);
    expect(maintenanceAt).not.toBeNull();
  });
});
