/**
 * Issue 19: entered in error never closes a flag its marker could not resolve directly. A nurse
 * marking the record behind a misuse.* or tolerance.* flag (or behind an item-9 flag with no C-SSRS
 * screener since) leaves it as it was, with `evidenceWithdrawn`; a psychiatrist's mark resolves it
 * as before; a new record raises the same flag again, live. Every rule a nurse may not resolve has
 * a scenario here, through the real rules.
 */
import type { Role } from '../../api/enums';
import { DEFAULT_THRESHOLDS } from '../thresholds';
import { mayResolveFlag, roleMayActOnRule } from './flag-roles';
import { evaluateRules } from './index';
import { type FlagAction, reconcileFlags, type StoredFlagState } from './reconcile';
import {
  after,
  ago,
  DAY,
  HOUR,
  obs,
  phq,
  records,
  riskEvent,
  session,
  sideEffect,
  NOW,
} from './testing/fixtures';
import { RULE_IDS, type PatientRecords, type RuleId, type RuleSession } from './types';

/** Stores the actions as the backend does (ids f<n>), returning the new state. */
function apply(state: StoredFlagState[], actions: FlagAction[]): StoredFlagState[] {
  let next = [...state];
  for (const action of actions) {
    switch (action.kind) {
      case 'create': {
        const c = action.candidate;
        next.push({
          id: `f${String(next.length + 1)}`,
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
          evidenceWithdrawn: false,
        });
        break;
      }
      case 'update':
        next = next.map((f) =>
          f.id !== action.flagId
            ? f
            : {
                ...f,
                ...action.content,
                status: action.escalation === 'reopen' ? 'open' : f.status,
                newEvidenceSince: action.newEvidenceSince,
                newEvidenceCount: action.newEvidenceCount,
                evidenceWithdrawn: action.evidenceWithdrawn,
              },
        );
        break;
      case 'withdraw_evidence':
        next = next.map((f) =>
          f.id === action.flagId ? { ...f, triggers: action.triggers, evidenceWithdrawn: true } : f,
        );
        break;
      case 'resolve':
        next = next.map((f) => (f.id === action.flagId ? { ...f, status: 'resolved' } : f));
        break;
    }
  }
  return next;
}

/** A plain evaluation (a record added): the rule's candidates reconciled with the stored flags. */
function evaluate(state: StoredFlagState[], recs: PatientRecords, rule: RuleId) {
  return apply(
    state,
    reconcileFlags({
      patientId: recs.patientId,
      existing: state,
      candidates: evaluateRules(recs, DEFAULT_THRESHOLDS, NOW, [rule]),
      rulesInScope: new Set([rule]),
      now: NOW,
    }),
  );
}

/** The evaluation after `ids` were marked entered in error by a user of `role`. */
function mark(
  state: StoredFlagState[],
  before: PatientRecords,
  ids: string[],
  rule: RuleId,
  role: Role,
  screened = false,
) {
  const withdrawn = new Set(ids);
  const without: PatientRecords = {
    ...before,
    sessions: before.sessions.filter((s) => !withdrawn.has(s.id)),
    observations: before.observations.filter((o) => !withdrawn.has(o.id)),
    phq9: before.phq9.filter((a) => !withdrawn.has(a.id)),
    sideEffects: before.sideEffects.filter((e) => !withdrawn.has(e.id)),
    riskEvents: before.riskEvents.filter((e) => !withdrawn.has(e.id)),
  };
  return apply(
    state,
    reconcileFlags({
      patientId: before.patientId,
      existing: state,
      candidates: evaluateRules(without, DEFAULT_THRESHOLDS, NOW, [rule]),
      candidatesBefore: evaluateRules(before, DEFAULT_THRESHOLDS, NOW, [rule]),
      rulesInScope: new Set([rule]),
      withdrawn,
      mayResolve: (f) => mayResolveFlag(role, f.rule, screened),
      now: NOW,
    }),
  );
}

interface Scenario {
  /** Records that raise the flag. */
  raised: PatientRecords;
  /** The records marked entered in error: without them the rule no longer holds. */
  marked: string[];
  /** The records after the mark plus a new one that raises the rule again. */
  fresh: PatientRecords;
  /** The new record's id (a trigger of the flag once it is live again). */
  freshTrigger: string;
}

const discharged = (id: string, n: number, startedAt: string, fields: Partial<RuleSession> = {}) =>
  session(id, { sessionNumber: n, startedAt, status: 'discharged', ...fields });

/** Sessions 4 days apart with a pre-dose PHQ-9 of 20 and a 24-h PHQ-9 `20 - improvement`. */
function course(improvements: (number | null)[]): PatientRecords {
  const t0 = ago(40 * DAY);
  const sessions: RuleSession[] = [];
  const phq9 = [phq('base', after(t0, -2 * DAY), 20, { recall: 'two_weeks' })];
  improvements.forEach((improvement, index) => {
    const s = discharged(`s${String(index + 1)}`, index + 1, after(t0, index * 4 * DAY));
    sessions.push(s);
    phq9.push(phq(`pre${String(index + 1)}`, after(s.startedAt, -HOUR), 20));
    if (improvement !== null) {
      phq9.push(phq(`h24-${String(index + 1)}`, after(s.startedAt, 24 * HOUR), 20 - improvement));
    }
  });
  return records({ sessions, phq9 });
}

const without = (recs: PatientRecords, ids: string[]): PatientRecords => ({
  ...recs,
  sessions: recs.sessions.filter((s) => !ids.includes(s.id)),
  phq9: recs.phq9.filter((a) => !ids.includes(a.id)),
  sideEffects: recs.sideEffects.filter((e) => !ids.includes(e.id)),
  riskEvents: recs.riskEvents.filter((e) => !ids.includes(e.id)),
});

const week = [
  discharged('s1', 1, ago(6 * DAY)),
  discharged('s2', 2, ago(4 * DAY)),
  discharged('s3', 3, ago(DAY)),
];
const dosed = [
  discharged('s1', 1, ago(20 * DAY), { doseMgPerKg: 0.5 }),
  discharged('s2', 2, ago(10 * DAY), { doseMgPerKg: 0.8, doseMg: 56 }),
];
const toleranceCourse = course([10, 7, 4]);

/** Every rule a nurse may not resolve: the record(s) that raise it, and a new one after the mark. */
const SCENARIOS: Partial<Record<RuleId, Scenario>> = {
  'misuse.session_frequency': {
    raised: records({ sessions: week }),
    marked: ['s3'],
    fresh: records({
      sessions: [...week.slice(0, 2), discharged('s4', 3, ago(2 * HOUR))],
    }),
    freshTrigger: 's4',
  },
  'misuse.dose_escalation': {
    raised: records({ sessions: dosed }),
    marked: ['s2'],
    fresh: records({
      sessions: [dosed[0], discharged('s3', 2, ago(HOUR), { doseMgPerKg: 0.8, doseMg: 56 })],
    }),
    freshTrigger: 's3',
  },
  'misuse.reported_use': {
    raised: records({ riskEvents: [riskEvent('r1', 'positive_uds', ago(3 * DAY))] }),
    marked: ['r1'],
    fresh: records({ riskEvents: [riskEvent('r2', 'reported_nonclinic_use', ago(HOUR))] }),
    freshTrigger: 'r2',
  },
  'misuse.craving': {
    raised: records({
      riskEvents: [
        riskEvent('r1', 'early_session_request', ago(9 * DAY)),
        riskEvent('r2', 'early_session_request', ago(2 * DAY)),
      ],
    }),
    // One of the two requests: the other alone is not "2 in 30 days".
    marked: ['r2'],
    fresh: records({
      riskEvents: [
        riskEvent('r1', 'early_session_request', ago(9 * DAY)),
        riskEvent('r3', 'early_session_request', ago(HOUR)),
      ],
    }),
    freshTrigger: 'r3',
  },
  'misuse.urinary_symptoms': {
    raised: records({
      sessions: [week[0]],
      sideEffects: [sideEffect('e1', week[0], 'urinary_symptoms', ago(5 * DAY))],
    }),
    marked: ['e1'],
    fresh: records({
      sessions: [week[0]],
      sideEffects: [sideEffect('e2', week[0], 'urinary_symptoms', ago(HOUR))],
    }),
    freshTrigger: 'e2',
  },
  // Its triggers are sessions; the PHQ-9 behind the last 24-h point is what is marked.
  'tolerance.diminishing_response': {
    raised: toleranceCourse,
    marked: ['h24-3'],
    fresh: (() => {
      const next = course([10, 7, null, 3]);
      return { ...next, phq9: next.phq9.filter((a) => a.id !== 'h24-3') };
    })(),
    freshTrigger: 's4',
  },
  'phq9.item9_positive': {
    raised: records({ phq9: [phq('a1', ago(2 * DAY), 12, { item9: 1 })] }),
    marked: ['a1'],
    fresh: records({ phq9: [phq('a2', ago(HOUR), 14, { item9: 2 })] }),
    freshTrigger: 'a2',
  },
};

const NURSE_MAY_NOT_RESOLVE = RULE_IDS.filter(
  (id) => !roleMayActOnRule('nurse', id) || !mayResolveFlag('nurse', id, false),
);
const cases = NURSE_MAY_NOT_RESOLVE.filter((id) => SCENARIOS[id] !== undefined);

describe('entered in error by someone who may not resolve the flag (issue 19)', () => {
  it('has a scenario for every rule a nurse may not resolve', () => {
    expect(NURSE_MAY_NOT_RESOLVE.filter((id) => SCENARIOS[id] === undefined)).toEqual([]);
    expect(NURSE_MAY_NOT_RESOLVE).toEqual(
      expect.arrayContaining(['misuse.reported_use', 'tolerance.diminishing_response']),
    );
  });

  it.each(cases)('%s: the scenario raises one flag, and the mark takes its evidence', (rule) => {
    const s = SCENARIOS[rule] as Scenario;
    expect(evaluateRules(s.raised, DEFAULT_THRESHOLDS, NOW, [rule])).toHaveLength(1);
    expect(
      evaluateRules(without(s.raised, s.marked), DEFAULT_THRESHOLDS, NOW, [rule]),
    ).toHaveLength(0);
  });

  it.each(cases)('%s: a nurse marking its record leaves it open, evidence withdrawn', (rule) => {
    const s = SCENARIOS[rule] as Scenario;
    const raised = evaluate([], s.raised, rule);
    const after = mark(raised, s.raised, s.marked, rule, 'nurse');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: raised[0].id, status: 'open', evidenceWithdrawn: true });
    expect(after[0].triggers.filter((t) => s.marked.includes(t))).toEqual([]);
    // Later evaluations without anything new leave it so: it waits for a psychiatrist.
    expect(evaluate(after, without(s.raised, s.marked), rule)).toEqual(after);
  });

  it.each(cases)('%s: an acknowledged flag stays acknowledged', (rule) => {
    const s = SCENARIOS[rule] as Scenario;
    const acknowledged = evaluate([], s.raised, rule).map((f) => ({
      ...f,
      status: 'acknowledged' as const,
    }));
    expect(mark(acknowledged, s.raised, s.marked, rule, 'nurse')[0]).toMatchObject({
      status: 'acknowledged',
      evidenceWithdrawn: true,
    });
  });

  it.each(cases)("%s: a psychiatrist's mark resolves it, as before", (rule) => {
    const s = SCENARIOS[rule] as Scenario;
    const after = mark(evaluate([], s.raised, rule), s.raised, s.marked, rule, 'psychiatrist');
    expect(after).toEqual([
      expect.objectContaining({ status: 'resolved', evidenceWithdrawn: false }),
    ]);
  });

  it.each(cases)('%s: a new record raises the same flag again, live', (rule) => {
    const s = SCENARIOS[rule] as Scenario;
    const withdrawn = mark(evaluate([], s.raised, rule), s.raised, s.marked, rule, 'nurse');
    const live = evaluate(withdrawn, s.fresh, rule);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      id: withdrawn[0].id,
      status: 'open',
      evidenceWithdrawn: false,
    });
    expect(live[0].triggers).toContain(s.freshTrigger);
  });

  it("an item-9 flag a C-SSRS screener followed closes on a nurse's mark (she could resolve it)", () => {
    const s = SCENARIOS['phq9.item9_positive'] as Scenario;
    const raised = evaluate([], s.raised, 'phq9.item9_positive');
    expect(mark(raised, s.raised, s.marked, 'phq9.item9_positive', 'nurse', true)).toEqual([
      expect.objectContaining({ status: 'resolved' }),
    ]);
  });

  it('a nurse marking the record of a rule she may resolve closes its flag, as before', () => {
    const s1 = session('s1', { startedAt: ago(HOUR) });
    const raised = records({ sessions: [s1], observations: [obs(s1, 30, { moaas: 1 })] });
    const flags = evaluate([], raised, 'sedation.deep');
    expect(flags).toHaveLength(1);
    expect(mark(flags, raised, [obs(s1, 30).id], 'sedation.deep', 'nurse')).toEqual([
      expect.objectContaining({ status: 'resolved', evidenceWithdrawn: false }),
    ]);
  });
});

describe('reconcileFlags: the withdraw_evidence action', () => {
  const stored = (fields: Partial<StoredFlagState> = {}): StoredFlagState => ({
    id: 'f1',
    rule: 'misuse.reported_use',
    subjectKey: 'p1',
    status: 'open',
    severity: 'critical',
    triggers: ['r1', 'r2'],
    message: 'Positive urine drug screen',
    evidence: {},
    threshold: {},
    sessionId: null,
    resolvedBy: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    ...fields,
  });
  const nurse = (f: StoredFlagState) => mayResolveFlag('nurse', f.rule, false);

  it.each<[string, StoredFlagState, string[], FlagAction[]]>([
    [
      'both records marked: evidence withdrawn, no triggers left',
      stored(),
      ['r1', 'r2'],
      [{ kind: 'withdraw_evidence', flagId: 'f1', triggers: [] }],
    ],
    [
      'an acknowledged flag: the same (the status is not the action)',
      stored({ status: 'acknowledged' }),
      ['r1', 'r2'],
      [{ kind: 'withdraw_evidence', flagId: 'f1', triggers: [] }],
    ],
    ['a record of another flag: nothing', stored(), ['x9'], []],
    [
      'a rule a nurse may resolve (monitoring): resolved',
      stored({
        rule: 'monitoring.overdue',
        severity: 'warning',
        triggers: ['slot:30'],
        subjectKey: 's1',
      }),
      ['s1'],
      [{ kind: 'resolve', flagId: 'f1', why: 'entered_in_error' }],
    ],
  ])('%s', (_name, flag, marked, expected) => {
    expect(
      reconcileFlags({
        patientId: 'p1',
        existing: [flag],
        candidates: [],
        rulesInScope: new Set(RULE_IDS),
        withdrawn: new Set(marked),
        mayResolve: nurse,
        now: NOW,
      }),
    ).toEqual(expected);
  });

  it('a candidate on a flag whose evidence was withdrawn makes it live again, even with nothing else new', () => {
    const flag = stored({ triggers: [], evidenceWithdrawn: true });
    const [action] = reconcileFlags({
      patientId: 'p1',
      existing: [flag],
      candidates: [
        {
          rule: 'misuse.reported_use',
          category: 'misuse',
          severity: 'critical',
          subjectSessionId: null,
          sessionId: null,
          message: 'Positive urine drug screen',
          evidence: {},
          threshold: {},
          triggers: ['r3'],
        },
      ],
      rulesInScope: new Set(RULE_IDS),
      now: NOW,
    });
    expect(action).toMatchObject({
      kind: 'update',
      evidenceWithdrawn: false,
      freshTriggers: ['r3'],
      content: { triggers: ['r3'] },
    });
  });
});
