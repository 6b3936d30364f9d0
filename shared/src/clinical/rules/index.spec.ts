import * as library from '../../index';
import { DEFAULT_THRESHOLDS, mergeThresholds } from '../thresholds';
import { evaluateRules, RULES } from './index';
import {
  after,
  ago,
  cadss,
  cssrs,
  DAY,
  HOUR,
  MINUTE,
  NOW,
  obs,
  phq,
  records,
  riskEvent,
  session,
  sideEffect,
} from './testing/fixtures';
import {
  PROXY_RULE_NOTE,
  RULE_IDS,
  type FlagCandidate,
  type PatientRecords,
  type RuleDefinition,
  type RuleId,
} from './types';

describe('RULES (CLINICAL.md s4 table)', () => {
  it.each<[RuleId, RuleDefinition['category'], RuleDefinition['severity'], 'session' | 'patient']>([
    ['phq9.item9_positive', 'suicidality', 'critical', 'patient'],
    ['phq9.item9_unanswered', 'suicidality', 'warning', 'patient'],
    ['phq9.worsening', 'response', 'warning', 'patient'],
    ['sedation.moderate', 'sedation', 'warning', 'session'],
    ['sedation.deep', 'sedation', 'critical', 'session'],
    ['dissociation.marked', 'dissociation', 'warning', 'session'],
    ['dissociation.unresolved', 'dissociation', 'warning', 'session'],
    ['bp.predose_elevated', 'hemodynamic', 'warning', 'session'],
    ['bp.severe', 'hemodynamic', 'critical', 'session'],
    ['bp.rise', 'hemodynamic', 'warning', 'session'],
    ['hr.tachycardia', 'hemodynamic', 'warning', 'session'],
    ['bp.hypotension', 'hemodynamic', 'warning', 'session'],
    ['hr.bradycardia', 'hemodynamic', 'warning', 'session'],
    ['respiratory.depression', 'respiratory', 'critical', 'session'],
    ['monitoring.overdue', 'monitoring', 'warning', 'session'],
    ['monitoring.no_predose', 'monitoring', 'warning', 'session'],
    ['discharge.before_ready', 'monitoring', 'warning', 'session'],
    ['misuse.session_frequency', 'misuse', 'warning', 'patient'],
    ['misuse.dose_escalation', 'misuse', 'warning', 'patient'],
    ['course.off_protocol', 'course', 'info', 'patient'],
    ['adverse.serious', 'adverse_event', 'critical', 'session'],
    ['screening.override', 'course', 'warning', 'patient'],
    ['misuse.reported_use', 'misuse', 'critical', 'patient'],
    ['misuse.craving', 'misuse', 'warning', 'patient'],
    ['misuse.urinary_symptoms', 'misuse', 'warning', 'patient'],
    ['tolerance.diminishing_response', 'tolerance', 'warning', 'patient'],
    ['nonresponse.after_induction', 'response', 'info', 'patient'],
    ['followup.missed', 'follow-up', 'warning', 'session'],
  ])('%s: %s, %s, per %s', (id, category, severity, subject) => {
    const rule = RULES[id];
    expect(rule).toMatchObject({ id, category, severity, subject });
    expect(rule.title.length).toBeGreaterThan(0);
    const proxy = id.startsWith('misuse.') || id.startsWith('tolerance.');
    expect(rule.note).toBe(proxy ? PROXY_RULE_NOTE : null);
  });

  it('has every rule id, and nothing else', () => {
    expect(Object.keys(RULES)).toEqual([...RULE_IDS]);
    expect(Object.isFrozen(RULES)).toBe(true);
  });

  it('only the clock-dependent rules are time-based; only the monitoring gaps resolve themselves', () => {
    expect(RULE_IDS.filter((id) => RULES[id].timeBased)).toEqual([
      'dissociation.unresolved',
      'monitoring.overdue',
      'monitoring.no_predose',
      'course.off_protocol', // the induction window passes with the clock (v2)
      'followup.missed',
    ]);
    expect(RULE_IDS.filter((id) => RULES[id].autoResolve)).toEqual([
      'monitoring.overdue',
      'monitoring.no_predose',
    ]);
  });

  it('the proxy note says what CLINICAL.md requires', () => {
    expect(PROXY_RULE_NOTE).toBe(
      'A clinically reasonable proxy, not a published checklist (CLINICAL.md s4).',
    );
  });
});

/** A patient with something for most rules: two sessions, one in progress and eventful. */
function busyPatient(): PatientRecords {
  const old = session('s-old', {
    sessionNumber: 1,
    startedAt: ago(6 * DAY),
    status: 'discharged',
    dischargedAt: after(ago(6 * DAY), 70 * MINUTE),
    dischargeOverrideReason: 'left against advice',
  });
  const now = session('s-now', { sessionNumber: 2, startedAt: ago(75 * MINUTE) });
  return records({
    sessions: [now, old],
    observations: [
      obs(now, 40, {
        systolic: 186,
        diastolic: 104,
        heartRate: 130,
        moaas: 2,
        ...cadss([4, 2, 2, 2, 2, 2]),
      }),
      obs(now, 20, { systolic: 175, diastolic: 100, heartRate: 125 }),
      obs(now, -5, { systolic: 145, diastolic: 85, moaas: 5 }),
      obs(old, 30, { heartRate: 124, spo2: 90 }),
      obs(old, -5, { systolic: 120, diastolic: 80 }),
    ],
    phq9: [
      phq('q-base', ago(8 * DAY), 16, { recall: 'two_weeks' }),
      phq('q-24', after(old.startedAt, 24 * HOUR), 12, { item9: 1 }),
      phq('q-inv', after(old.startedAt, 30 * HOUR), null, { item9: 2 }),
    ],
    sideEffects: [sideEffect('e-uri', old, 'urinary_symptoms', after(old.startedAt, 2 * DAY))],
    riskEvents: [riskEvent('r-uds', 'positive_uds', ago(DAY))],
    cssrs: [cssrs('c-mod', ago(DAY), { behavior: true, behaviorPast3Months: false })],
  });
}

const keyOf = (c: FlagCandidate): string => `${c.rule}|${c.subjectSessionId ?? 'patient'}`;

describe('evaluateRules', () => {
  const all = evaluateRules(busyPatient(), DEFAULT_THRESHOLDS, NOW);

  it('runs every rule over the records', () => {
    expect(all.map(keyOf)).toEqual([
      'phq9.item9_positive|patient',
      'suicide_risk.moderate|patient',
      'sedation.moderate|s-now',
      'dissociation.marked|s-now',
      'bp.predose_elevated|s-now',
      'bp.severe|s-now',
      'bp.rise|s-now',
      'hr.tachycardia|s-old',
      'hr.tachycardia|s-now',
      'respiratory.depression|s-old',
      'monitoring.overdue|s-now',
      'discharge.before_ready|s-old',
      'misuse.reported_use|patient',
      'misuse.urinary_symptoms|patient',
      'followup.missed|s-old',
    ]);
  });

  it('gives at most one candidate per rule and subject, with sorted unique triggers', () => {
    expect(new Set(all.map(keyOf)).size).toBe(all.length);
    for (const c of all) {
      expect(c.triggers.length).toBeGreaterThan(0);
      expect(c.triggers).toEqual([...new Set(c.triggers)].sort());
      expect(c).toMatchObject({
        category: RULES[c.rule].category,
        severity: RULES[c.rule].severity,
      });
      expect(c.subjectSessionId === null).toBe(RULES[c.rule].subject === 'patient');
    }
    expect(all.find((c) => c.rule === 'phq9.item9_positive')?.triggers).toEqual(['q-24', 'q-inv']);
    expect(
      all.find((c) => c.rule === 'hr.tachycardia' && c.subjectSessionId === 's-now')?.triggers,
    ).toEqual(['s-now@20', 's-now@40']);
  });

  it('gives the same result whatever the order of the records', () => {
    const recs = busyPatient();
    const reversed: PatientRecords = {
      ...recs,
      sessions: [...recs.sessions].reverse(),
      observations: [...recs.observations].reverse(),
      phq9: [...recs.phq9].reverse(),
      sideEffects: [...recs.sideEffects].reverse(),
      riskEvents: [...recs.riskEvents].reverse(),
      cssrs: [...recs.cssrs].reverse(),
    };
    expect(evaluateRules(reversed, DEFAULT_THRESHOLDS, NOW)).toEqual(all);
  });

  it('does not change the records or the thresholds', () => {
    const recs = busyPatient();
    const snapshot = JSON.stringify(recs);
    const t = mergeThresholds(undefined);
    evaluateRules(recs, t, NOW);
    expect(JSON.stringify(recs)).toBe(snapshot);
    expect(t).toEqual(DEFAULT_THRESHOLDS);
  });

  it('runs only the rules asked for, in RULE_IDS order', () => {
    const only = evaluateRules(busyPatient(), DEFAULT_THRESHOLDS, NOW, [
      'followup.missed',
      'monitoring.overdue',
      'followup.missed',
    ]);
    expect(only.map(keyOf)).toEqual(['monitoring.overdue|s-now', 'followup.missed|s-old']);
    expect(evaluateRules(busyPatient(), DEFAULT_THRESHOLDS, NOW, [])).toEqual([]);
  });

  it('reads the thresholds it is given', () => {
    const t = mergeThresholds({ bp: { severeSystolic: 170 }, hrTachycardia: 140 });
    const found = evaluateRules(busyPatient(), t, NOW, ['bp.severe', 'hr.tachycardia']);
    expect(found.map(keyOf)).toEqual(['bp.severe|s-now']);
    expect(found[0].triggers).toEqual(['s-now@20', 's-now@40']);
    expect(found[0].threshold).toEqual({ severeSystolic: 170, severeDiastolic: 110 });
  });

  it('keeps one candidate per rule and subject even if a rule proposed two', () => {
    const duplicate = (triggers: string[]): FlagCandidate => ({
      rule: 'hr.tachycardia',
      category: 'hemodynamic',
      severity: 'warning',
      subjectSessionId: 's1',
      sessionId: 's1',
      message: 'x',
      evidence: {},
      threshold: {},
      triggers,
    });
    const spy = jest
      .spyOn(RULES['hr.tachycardia'], 'evaluate')
      .mockReturnValue([duplicate(['b', 'a', 'b']), duplicate(['c'])]);
    try {
      const found = evaluateRules(records(), DEFAULT_THRESHOLDS, NOW, ['hr.tachycardia']);
      expect(found).toHaveLength(1);
      expect(found[0].triggers).toEqual(['a', 'b']);
    } finally {
      spy.mockRestore();
    }
  });

  it('finds nothing in an empty record', () => {
    expect(evaluateRules(records(), DEFAULT_THRESHOLDS, NOW)).toEqual([]);
  });
});

it('the library exports the engine', () => {
  expect(library.RULE_IDS).toBe(RULE_IDS);
  expect(library.RULES).toBe(RULES);
  expect(typeof library.evaluateRules).toBe('function');
  expect(typeof library.nextObservationDue).toBe('function');
  expect(typeof library.validateThresholdOverrides).toBe('function');
  expect(library.PROXY_RULE_NOTE).toBe(PROXY_RULE_NOTE);
});
