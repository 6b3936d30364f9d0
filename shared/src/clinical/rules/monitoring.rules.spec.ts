import { DEFAULT_THRESHOLDS, mergeThresholds } from '../thresholds';
import { nextObservationDue } from './monitoring.rules';
import { formatUtc } from './rule-helpers';
import { ago, after, cadss, MINUTE, NOW, obs, records, run, session } from './testing/fixtures';
import type { RuleObservation, RuleSession } from './types';

/** An in-progress IV ketamine session that started `minutes` before NOW. */
const startedAgo = (minutes: number, fields: Partial<RuleSession> = {}): RuleSession =>
  session('s1', { startedAt: ago(minutes * MINUTE), ...fields });

/** A full set (vital-signs.ts): BP, heart rate, SpO2 and MOAA/S. */
const FULL = { systolic: 124, diastolic: 78, heartRate: 76, spo2: 98, moaas: 5 } as const;
const full = (s: RuleSession, minutes: number): RuleObservation => obs(s, minutes, FULL);

describe('nextObservationDue (schedule 0, 15, 30, 40, 60, 90, 120; overdue after 10 min)', () => {
  it.each<[string, number, number[], [number, boolean, number] | null]>([
    ['nothing recorded, 5 min in', 5, [], [0, false, 5]],
    ['nothing recorded, exactly 10 min late', 10, [], [0, false, 10]],
    ['nothing recorded, 11 min late', 11, [], [0, true, 11]],
    ['a pre-dose reading 5 min before covers the 0-min slot', 26, [-5], [15, true, 11]],
    ['a pre-dose reading 6 min before does not', 26, [-6], [0, true, 26]],
    ['the 15-min slot, exactly 10 min late', 25, [-5], [15, false, 10]],
    ['a reading 5 min early covers its slot', 50, [-5, 35], [60, false, 0]],
    ['a reading 6 min early does not', 50, [-5, 34], [40, false, 10]],
    ['the 40-min slot, 11 min late', 51, [-5, 15, 30], [40, true, 11]],
    ['a late reading covers the slots it caught up with', 70, [-5, 62], [90, false, 0]],
    ['readings out of order: the latest counts', 70, [62, -5], [90, false, 0]],
    ['every slot done', 130, [-5, 15, 30, 40, 60, 90, 115], null],
  ])('%s', (_label, minutesIn, observedAt, expected) => {
    const s = startedAgo(minutesIn);
    const due = nextObservationDue(
      s,
      observedAt.map((m) => full(s, m)),
      DEFAULT_THRESHOLDS,
      NOW,
    );
    if (expected === null) {
      expect(due).toBeNull();
    } else {
      const [slotMinutes, overdue, minutesLate] = expected;
      expect(due).toEqual({
        slotMinutes,
        overdue,
        minutesLate,
        dueAt: after(s.startedAt, slotMinutes * MINUTE),
      });
    }
  });

  // Only a full set is a scheduled check (docs/decisions.md): partial readings never cover a slot.
  it.each<[string, Partial<RuleObservation>, number]>([
    ['heart rate only', { heartRate: 90 }, 15],
    ['BP only', { systolic: 150, diastolic: 90 }, 15],
    ['BP, HR, SpO2 without MOAA/S', { systolic: 150, diastolic: 90, heartRate: 90, spo2: 97 }, 15],
    ['BP, HR, MOAA/S without SpO2', { systolic: 150, diastolic: 90, heartRate: 90, moaas: 5 }, 15],
    ['systolic without diastolic', { ...FULL, diastolic: null }, 15],
    ['a full set (respiratory rate and CADSS-6 not needed)', FULL, 30],
    ['a full set with respiratory rate', { ...FULL, respiratoryRate: 14 }, 30],
  ])('a reading at 13 min with %s -> next slot %i', (_label, fields, slot) => {
    const s = startedAgo(26);
    const due = nextObservationDue(s, [full(s, 0), obs(s, 13, fields)], DEFAULT_THRESHOLDS, NOW);
    expect(due?.slotMinutes).toBe(slot);
    // 26 min in: the 15-min check is 11 min late when the 13-min reading did not count.
    expect(due?.overdue).toBe(slot === 15);
  });

  it('is null for a discharged session', () => {
    const s = startedAgo(50, { status: 'discharged', dischargedAt: ago(5 * MINUTE) });
    expect(nextObservationDue(s, [], DEFAULT_THRESHOLDS, NOW)).toBeNull();
  });

  it("ignores other sessions' observations", () => {
    const s = startedAgo(20);
    const other = { ...full(s, 18), sessionId: 's2' };
    expect(nextObservationDue(s, [other], DEFAULT_THRESHOLDS, NOW)?.slotMinutes).toBe(0);
  });

  it("follows the clinic's schedule and overdue limit", () => {
    const t = mergeThresholds({
      scheduledObservationMinutes: [0, 40, 120],
      monitoringOverdueMinutes: 20,
    });
    const s = startedAgo(60);
    const observations = [full(s, 0)];
    expect(nextObservationDue(s, observations, t, NOW)).toMatchObject({
      slotMinutes: 40,
      minutesLate: 20,
      overdue: false,
    });
    const later = new Date(NOW.getTime() + MINUTE);
    expect(nextObservationDue(s, observations, t, later)).toMatchObject({ overdue: true });
  });
});

describe('monitoring.overdue', () => {
  it('names the slot and how late it is; trigger slot:<minutes>', () => {
    const s = startedAgo(54);
    const observations = [full(s, -5), full(s, 15), full(s, 31)];
    const found = run('monitoring.overdue', records({ sessions: [s], observations }));
    expect(found).toEqual([
      {
        rule: 'monitoring.overdue',
        category: 'monitoring',
        severity: 'warning',
        subjectSessionId: 's1',
        sessionId: 's1',
        message: 'Observation due at 40 min is 14 min late (more than 10)',
        evidence: {
          slotMinutes: 40,
          dueAt: after(s.startedAt, 40 * MINUTE),
          minutesLate: 14,
          lastObservation: {
            id: 's1@31',
            minutesSinceDose: 31,
            recordedAt: after(s.startedAt, 31 * MINUTE),
          },
        },
        threshold: {
          monitoringOverdueMinutes: 10,
          scheduledObservationMinutes: [0, 15, 30, 40, 60, 90, 120],
          slotEarlyMinutes: 5,
        },
        triggers: ['slot:40'],
      },
    ]);
  });

  it('an HR-only reading does not count and the message says why', () => {
    const s = startedAgo(26);
    const observations = [full(s, 0), obs(s, 13, { heartRate: 88 })];
    const [found] = run('monitoring.overdue', records({ sessions: [s], observations }));
    expect(found?.message).toBe(
      'Observation due at 15 min is 11 min late (more than 10); the reading at 13 min is not ' +
        'a full set (no BP, SpO2, MOAA/S)',
    );
    expect(found?.evidence).toMatchObject({ lastObservation: { id: 's1@0', minutesSinceDose: 0 } });
  });

  it.each<[string, number, RuleSession]>([
    ['on time', 0, startedAgo(50)],
    ['late by more than 10 min', 1, startedAgo(51)],
    ['discharged', 0, startedAgo(51, { status: 'discharged', dischargedAt: ago(MINUTE) })],
  ])('%s -> %i candidates', (_label, count, s) => {
    const observations = [full(s, -5), full(s, 15), full(s, 30)];
    expect(run('monitoring.overdue', records({ sessions: [s], observations }))).toHaveLength(count);
  });

  it('a longer overdue limit silences it', () => {
    const s = startedAgo(51);
    const recs = records({ sessions: [s], observations: [full(s, -5), full(s, 30)] });
    const t = mergeThresholds({ monitoringOverdueMinutes: 15 });
    expect(run('monitoring.overdue', recs)).toHaveLength(1);
    expect(run('monitoring.overdue', recs, t)).toHaveLength(0);
  });
});

describe('dissociation.unresolved (minimum monitoring: esketamine 120 min; ketamine 60 min after the infusion)', () => {
  const esketamine = (minutesIn: number, fields: Partial<RuleSession> = {}): RuleSession =>
    startedAgo(minutesIn, {
      drug: 'esketamine',
      route: 'intranasal',
      doseMg: 56,
      doseMgPerKg: null,
      infusionMinutes: null,
      ...fields,
    });
  const discharged = { status: 'discharged', dischargedAt: ago(MINUTE) } as const;

  it.each<[string, string[], RuleSession, [number, number][]]>([
    ['esketamine, CADSS-6 1 at 119 min (discharged)', [], esketamine(200, discharged), [[119, 1]]],
    ['esketamine, CADSS-6 1 at 120 min', ['s1@120'], esketamine(200, discharged), [[120, 1]]],
    ['esketamine, CADSS-6 0 at 120 min', [], esketamine(200, discharged), [[120, 0]]],
    ['IV ketamine (40-min infusion), 1 at 99 min', [], startedAgo(200, discharged), [[99, 1]]],
    [
      'IV ketamine (40-min infusion), 1 at 100 min',
      ['s1@100', 's1@110'],
      startedAgo(200, discharged),
      [
        [100, 1],
        [110, 2],
      ],
    ],
    [
      'IM ketamine (no infusion), 1 at 60 min',
      ['s1@60'],
      startedAgo(200, { ...discharged, route: 'im', infusionMinutes: null }),
      [[60, 1]],
    ],
    ['in progress, 119 min in, latest 3 at 100 min', [], esketamine(119), [[100, 3]]],
    ['in progress, 120 min in, latest 3 at 100 min', ['s1@100'], esketamine(120), [[100, 3]]],
    [
      'in progress, 130 min in, latest 0 after an earlier 3',
      [],
      esketamine(130),
      [
        [40, 3],
        [100, 0],
      ],
    ],
    ['discharged, latest 3 at 100 min', [], esketamine(130, discharged), [[100, 3]]],
  ])('%s -> %p', (_label, triggers, s, ratings) => {
    const observations = ratings.map(([m, total]) => obs(s, m, { cadss6Total: total }));
    const found = run('dissociation.unresolved', records({ sessions: [s], observations }));
    expect(found.map((c) => c.triggers)).toEqual(triggers.length === 0 ? [] : [triggers]);
  });

  it('messages say which case it is', () => {
    const s = esketamine(130);
    const late = run(
      'dissociation.unresolved',
      records({ sessions: [s], observations: [obs(s, 125, cadss([1, 1, 0, 0, 0, 0]))] }),
    );
    expect(late[0].message).toBe(
      'CADSS-6 total 2 at 125 min, at or after the end of minimum monitoring (120 min): total > 0',
    );
    const stale = run(
      'dissociation.unresolved',
      records({ sessions: [s], observations: [obs(s, 95, { cadss6Total: 3 })] }),
    );
    expect(stale[0].message).toBe(
      'Latest CADSS-6 total 3 at 95 min, and minimum monitoring ended at 120 min: total > 0',
    );
    expect(stale[0].threshold).toEqual({
      cadss6TotalMax: 0,
      minMonitoringMinutes: 120,
      monitoringEndsAtMinutes: 120,
    });
  });

  it("follows the clinic's discharge limit and monitoring time", () => {
    const s = esketamine(200, discharged);
    const recs = records({ sessions: [s], observations: [obs(s, 130, { cadss6Total: 2 })] });
    expect(run('dissociation.unresolved', recs)).toHaveLength(1);
    expect(
      run('dissociation.unresolved', recs, mergeThresholds({ discharge: { cadss6TotalMax: 2 } })),
    ).toHaveLength(0);
    expect(
      run(
        'dissociation.unresolved',
        recs,
        mergeThresholds({ minMonitoringMinutes: { esketamine: 150 } }),
      ),
    ).toHaveLength(0);
  });
});

describe('discharge.before_ready', () => {
  const dischargedAt = ago(10 * MINUTE);
  it.each<[string, number, Partial<RuleSession>]>([
    [
      'discharged with an override',
      1,
      { status: 'discharged', dischargedAt, dischargeOverrideReason: 'transport leaving' },
    ],
    [
      'discharged without an override',
      0,
      { status: 'discharged', dischargedAt, readyAt: ago(20 * MINUTE) },
    ],
    [
      'an empty override reason',
      0,
      { status: 'discharged', dischargedAt, dischargeOverrideReason: '  ' },
    ],
    ['still in progress', 0, { dischargeOverrideReason: 'transport leaving' }],
  ])('%s -> %i', (_label, count, fields) => {
    const s = startedAgo(100, fields);
    expect(run('discharge.before_ready', records({ sessions: [s] }))).toHaveLength(count);
  });

  it('names when, why not ready, and the reason; trigger = the session', () => {
    const s = startedAgo(100, {
      status: 'discharged',
      dischargedAt: ago(10 * MINUTE),
      dischargeOverrideReason: 'psychiatrist reviewed',
    });
    const [found] = run('discharge.before_ready', records({ sessions: [s] }));
    expect(found.message).toBe(
      'Session 1 discharged at 90 min with an override before ready (minimum monitoring ends at 100 min; discharge criteria not met). Reason: "psychiatrist reviewed"',
    );
    expect(found.triggers).toEqual(['s1']);
    expect(found.threshold).toMatchObject({
      minMonitoringMinutes: 60,
      monitoringEndsAtMinutes: 100,
      moaasRequired: 5,
    });
  });
});

it('uses the time it is given, not the clock', () => {
  const s = session('s1', { startedAt: '2020-01-01T10:00:00.000Z' });
  const recs = records({ sessions: [s] });
  expect(
    run('monitoring.overdue', recs, DEFAULT_THRESHOLDS, new Date('2020-01-01T10:05:00.000Z')),
  ).toEqual([]);
  expect(
    run('monitoring.overdue', recs, DEFAULT_THRESHOLDS, new Date('2020-01-01T10:11:00.000Z')),
  ).toHaveLength(1);
});

describe('monitoring.no_predose (no pre-dose BP once a reading follows the dose or 15 min pass)', () => {
  const bp = { systolic: 128, diastolic: 78 };
  const noPredose = (s: RuleSession, observations: ReturnType<typeof obs>[], extra = {}) =>
    run('monitoring.no_predose', records({ sessions: [s], observations, ...extra }));

  it.each<[string, number, number[], boolean]>([
    ['nothing recorded, 14 min after the dose start', 14, [], false],
    ['nothing recorded, exactly 15 min after', 15, [], true],
    ['a reading at 5 min, 6 min after', 6, [5], true],
    ['a reading exactly at the dose start (the pre-dose reading) with a BP', 20, [0], false],
    ['a pre-dose BP 10 min before the dose', 30, [-10], false],
  ])('%s -> fires %p', (_label, minutesIn, bpAt, fires) => {
    const s = startedAgo(minutesIn);
    expect(
      noPredose(
        s,
        bpAt.map((m) => obs(s, m, bp)),
      ),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('a pre-dose reading without a BP (MOAA/S only) is no pre-dose BP', () => {
    const s = startedAgo(20);
    const [found] = noPredose(s, [obs(s, -5, { moaas: 5 })]);
    expect(found.triggers).toEqual(['no_predose:due']);
  });

  it('a BP with only the systolic is no pre-dose BP (bp.rise needs both)', () => {
    const s = startedAgo(20);
    expect(noPredose(s, [obs(s, -5, { systolic: 130 })])).toHaveLength(1);
  });

  it('an earlier pre-dose BP counts even when a later pre-dose reading has none', () => {
    const s = startedAgo(20);
    expect(noPredose(s, [obs(s, -10, bp), obs(s, 0, { moaas: 5 })])).toEqual([]);
  });

  it('only for sessions in progress', () => {
    const s = startedAgo(200, { status: 'discharged', dischargedAt: ago(10 * MINUTE) });
    expect(noPredose(s, [obs(s, 40, bp)])).toEqual([]);
  });

  it('names the session, the dose start and why; triggers are the post-dose readings and the due key', () => {
    const s = startedAgo(25, { sessionNumber: 3 });
    const start = ago(25 * MINUTE);
    const [found] = noPredose(s, [obs(s, 5, bp), obs(s, 20, { moaas: 4 })]);
    expect(found).toMatchObject({
      rule: 'monitoring.no_predose',
      category: 'monitoring',
      severity: 'warning',
      subjectSessionId: 's1',
      sessionId: 's1',
      threshold: { noPredoseAfterMinutes: 15 },
      triggers: ['no_predose:due', 's1@20', 's1@5'],
    });
    expect(found.message).toBe(
      `No pre-dose BP for session 3 (dose started ${formatUtc(start)}): 2 readings after the dose start; at least 15 min ` +
        'since the dose start. A BP rise cannot be judged without it; record it if it was taken',
    );
  });

  it('a pre-dose BP entered in error reopens the gap with a new trigger (it raises again)', () => {
    const s = startedAgo(30);
    const withdrawn = obs(s, -5, bp);
    const [found] = noPredose(s, [obs(s, 15, bp)], { enteredInErrorObservations: [withdrawn] });
    expect(found.triggers).toEqual(['no_predose:due', 'no_predose:withdrawn:s1@-5', 's1@15']);
    expect(found.message).toMatch(
      /the pre-dose BP 128\/78 5 min before the dose was entered in error/,
    );
    expect(found.evidence).toMatchObject({
      enteredInError: [{ id: 's1@-5', systolic: 128, diastolic: 78 }],
    });
  });

  it('a withdrawn pre-dose BP does not matter while another one stands', () => {
    const s = startedAgo(30);
    expect(
      noPredose(s, [obs(s, -10, bp), obs(s, 15, bp)], {
        enteredInErrorObservations: [obs(s, -5, bp)],
      }),
    ).toEqual([]);
  });

  it("follows the clinic's minutes", () => {
    const t = mergeThresholds({ noPredoseAfterMinutes: 30 });
    const s = startedAgo(29);
    expect(run('monitoring.no_predose', records({ sessions: [s] }), t)).toEqual([]);
    const later = startedAgo(30);
    expect(run('monitoring.no_predose', records({ sessions: [later] }), t)).toHaveLength(1);
  });
});
