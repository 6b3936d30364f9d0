import { DEFAULT_THRESHOLDS } from '../thresholds';
import { evaluateRules, RULES } from './index';
import { type FlagAction, reconcileFlags, type StoredFlagState } from './reconcile';
import {
  DAY,
  HOUR,
  MINUTE,
  NOW,
  ago,
  cssrs,
  obs,
  phq,
  records,
  riskEvent,
  session,
  sideEffect,
} from './testing/fixtures';
import { RULE_IDS, type FlagCandidate, type PatientRecords, type RuleId } from './types';

const ALL = new Set<RuleId>(RULE_IDS);

function stored(fields: Partial<StoredFlagState> = {}): StoredFlagState {
  return {
    id: 'f1',
    rule: 'sedation.deep',
    subjectKey: 's1',
    status: 'acknowledged',
    severity: 'critical',
    triggers: ['o1'],
    message: 'MOAA/S 1 at 30 min',
    evidence: {},
    threshold: {},
    sessionId: 's1',
    resolvedBy: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    ...fields,
  };
}

function candidate(fields: Partial<FlagCandidate> = {}): FlagCandidate {
  return {
    rule: 'sedation.deep',
    category: 'sedation',
    severity: 'critical',
    subjectSessionId: 's1',
    sessionId: 's1',
    message: 'MOAA/S 1 at 30 min',
    evidence: {},
    threshold: {},
    triggers: ['o1'],
    ...fields,
  };
}

const reconcile = (
  existing: StoredFlagState[],
  candidates: FlagCandidate[],
  extra: { withdrawn?: Set<string>; rulesInScope?: Set<RuleId> } = {},
): FlagAction[] =>
  reconcileFlags({
    patientId: 'p1',
    existing,
    candidates,
    rulesInScope: extra.rulesInScope ?? ALL,
    withdrawn: extra.withdrawn,
    now: NOW,
  });

describe('reconcileFlags: a signal never goes silent (CLINICAL.md s4 v2)', () => {
  it.each<
    [
      string,
      StoredFlagState['status'],
      StoredFlagState['severity'],
      string[],
      'reopen' | 'new_evidence' | 'none' | 'no action',
    ]
  >([
    [
      'acknowledged critical, a new trigger: reopened',
      'acknowledged',
      'critical',
      ['o1', 'o2'],
      'reopen',
    ],
    [
      'acknowledged warning, a new trigger: new evidence',
      'acknowledged',
      'warning',
      ['o1', 'o2'],
      'new_evidence',
    ],
    [
      'acknowledged info, a new trigger: new evidence',
      'acknowledged',
      'info',
      ['o1', 'o2'],
      'new_evidence',
    ],
    [
      'acknowledged critical, the same trigger again: nothing',
      'acknowledged',
      'critical',
      ['o1'],
      'no action',
    ],
    [
      'acknowledged warning, the same trigger again: nothing',
      'acknowledged',
      'warning',
      ['o1'],
      'no action',
    ],
    [
      'open critical, a new trigger: content only (it is already open)',
      'open',
      'critical',
      ['o1', 'o2'],
      'none',
    ],
    ['open warning, a new trigger: content only', 'open', 'warning', ['o1', 'o2'], 'none'],
  ])('%s', (_label, status, severity, triggers, expected) => {
    const actions = reconcile([stored({ status, severity })], [candidate({ severity, triggers })]);
    if (expected === 'no action') {
      expect(actions).toEqual([]);
      return;
    }
    expect(actions).toHaveLength(1);
    const [action] = actions;
    expect(action.kind).toBe('update');
    if (action.kind !== 'update') return;
    expect(action.escalation).toBe(expected);
    expect(action.freshTriggers).toEqual(['o2']);
    expect(action.content.triggers).toEqual(['o1', 'o2']);
    expect(action.newEvidenceSince).toBe(expected === 'none' ? null : NOW.toISOString());
    expect(action.newEvidenceCount).toBe(expected === 'none' ? 0 : 1);
  });

  it('keeps the time of the first new trigger and adds up the count', () => {
    const since = ago(2 * HOUR);
    const [action] = reconcile(
      [
        stored({
          severity: 'warning',
          newEvidenceSince: since,
          newEvidenceCount: 2,
          triggers: ['o1', 'o2', 'o3'],
        }),
      ],
      [candidate({ severity: 'warning', triggers: ['o1', 'o2', 'o3', 'o4', 'o5'] })],
    );
    expect(action).toMatchObject({
      kind: 'update',
      escalation: 'new_evidence',
      newEvidenceSince: since,
      newEvidenceCount: 4,
      freshTriggers: ['o4', 'o5'],
    });
  });

  it('a resolved flag is never reopened: triggers it covered raise nothing, a new one raises a new flag', () => {
    const resolved = stored({ status: 'resolved', triggers: ['o1'], resolvedBy: 'u1' });
    expect(reconcile([resolved], [candidate({ triggers: ['o1'] })])).toEqual([]);
    const actions = reconcile([resolved], [candidate({ triggers: ['o1', 'o2'] })]);
    expect(actions).toEqual([
      { kind: 'create', subjectKey: 's1', candidate: candidate({ triggers: ['o1', 'o2'] }) },
    ]);
  });

  it('a flag that cleared itself covers nothing: the same overdue slot overdue again raises a new flag', () => {
    const overdue = { rule: 'monitoring.overdue' as const, severity: 'warning' as const };
    const cleared = stored({
      ...overdue,
      status: 'resolved',
      triggers: ['slot:30'],
      resolvedBy: null,
    });
    const c = candidate({ ...overdue, category: 'monitoring', triggers: ['slot:30'] });
    expect(reconcile([cleared], [c])).toEqual([{ kind: 'create', subjectKey: 's1', candidate: c }]);
    // resolved by a clinician (e.g. "patient declined the reading"): it stays resolved
    expect(reconcile([{ ...cleared, resolvedBy: 'u1' }], [c])).toEqual([]);
  });

  it('a new flag when there is none', () => {
    expect(reconcile([], [candidate()])).toEqual([
      { kind: 'create', subjectKey: 's1', candidate: candidate() },
    ]);
  });

  it('patient rules take the patient as subject', () => {
    const c = candidate({ rule: 'phq9.item9_positive', subjectSessionId: null, sessionId: null });
    expect(reconcile([], [c])).toEqual([{ kind: 'create', subjectKey: 'p1', candidate: c }]);
  });

  it('records entered in error leave the triggers; a flag they alone raised is resolved', () => {
    const flag = stored({ status: 'acknowledged', triggers: ['o1', 'o2'] });
    // o2 withdrawn, o1 still raises it: stays, without o2, and not reopened (nothing new).
    expect(
      reconcile([flag], [candidate({ triggers: ['o1'] })], { withdrawn: new Set(['o2']) }),
    ).toEqual([
      expect.objectContaining({
        kind: 'update',
        escalation: 'none',
        content: expect.objectContaining({ triggers: ['o1'] }),
      }),
    ]);
    // Both withdrawn: no candidate any more, resolved as entered in error.
    expect(reconcile([flag], [], { withdrawn: new Set(['o1', 'o2']) })).toEqual([
      { kind: 'resolve', flagId: 'f1', why: 'entered_in_error' },
    ]);
  });

  it('a flag whose records are withdrawn but which a new record raises is reopened, not resolved', () => {
    const flag = stored({ status: 'acknowledged', triggers: ['o1'] });
    const [action] = reconcile([flag], [candidate({ triggers: ['o2'] })], {
      withdrawn: new Set(['o1']),
    });
    expect(action).toMatchObject({
      kind: 'update',
      escalation: 'reopen',
      content: { triggers: ['o2'] },
    });
  });

  it('only auto-resolving rules clear themselves; rules out of scope are left alone', () => {
    const overdue = stored({
      rule: 'monitoring.overdue',
      severity: 'warning',
      triggers: ['slot:30'],
    });
    const deep = stored({ id: 'f2', rule: 'sedation.deep' });
    expect(reconcile([overdue, deep], [])).toEqual([
      { kind: 'resolve', flagId: 'f1', why: 'condition_cleared' },
    ]);
    expect(reconcile([overdue], [], { rulesInScope: new Set<RuleId>(['sedation.deep']) })).toEqual(
      [],
    );
  });
});

/**
 * Every critical rule, end to end through the real rules: a first triggering record raises the
 * flag, a clinician acknowledges it, a second triggering record arrives: the flag is open again.
 * A new critical rule without a scenario here fails the completeness test below.
 */
const s1 = session('s1', { startedAt: ago(HOUR) });
const CRITICAL_SCENARIOS: Partial<
  Record<RuleId, { first: PatientRecords; second: PatientRecords }>
> = {
  'phq9.item9_positive': {
    first: records({ phq9: [phq('a1', ago(3 * DAY), 12, { item9: 1 })] }),
    second: records({
      phq9: [phq('a1', ago(3 * DAY), 12, { item9: 1 }), phq('a2', ago(HOUR), 14, { item9: 3 })],
    }),
  },
  'sedation.deep': {
    first: records({ sessions: [s1], observations: [obs(s1, 30, { moaas: 1 })] }),
    second: records({
      sessions: [s1],
      observations: [
        obs(s1, 30, { moaas: 1 }),
        obs(s1, 40, { moaas: 5 }),
        obs(s1, 50, { moaas: 0 }),
      ],
    }),
  },
  'bp.severe': {
    first: records({
      sessions: [s1],
      observations: [
        obs(s1, 0, { systolic: 130, diastolic: 80 }),
        obs(s1, 40, { systolic: 182, diastolic: 100 }),
      ],
    }),
    second: records({
      sessions: [s1],
      observations: [
        obs(s1, 0, { systolic: 130, diastolic: 80 }),
        obs(s1, 40, { systolic: 182, diastolic: 100 }),
        obs(s1, 50, { systolic: 150, diastolic: 112 }),
      ],
    }),
  },
  'respiratory.depression': {
    first: records({ sessions: [s1], observations: [obs(s1, 20, { spo2: 90 })] }),
    second: records({
      sessions: [s1],
      observations: [obs(s1, 20, { spo2: 90 }), obs(s1, 30, { respiratoryRate: 8 })],
    }),
  },
  'adverse.serious': {
    first: records({
      sessions: [s1],
      sideEffects: [
        sideEffect('e1', s1, 'hypertension', ago(50 * MINUTE), 'severe', {
          serious: true,
          seriousCriterion: 'important_medical_event',
        }),
      ],
    }),
    second: records({
      sessions: [s1],
      sideEffects: [
        sideEffect('e1', s1, 'hypertension', ago(50 * MINUTE), 'severe', {
          serious: true,
          seriousCriterion: 'important_medical_event',
        }),
        sideEffect('e2', s1, 'other', ago(10 * MINUTE), 'moderate', {
          serious: true,
          seriousCriterion: 'hospitalisation',
        }),
      ],
    }),
  },
  'suicide_risk.high': {
    first: records({
      cssrs: [cssrs('c1', ago(3 * DAY), { behavior: true, behaviorPast3Months: true })],
    }),
    second: records({
      cssrs: [
        cssrs('c1', ago(3 * DAY), { behavior: true, behaviorPast3Months: true }),
        cssrs('c2', ago(HOUR), {
          wishDead: true,
          suicidalThoughts: true,
          method: true,
          intent: true,
          plan: false,
        }),
      ],
    }),
  },
  'misuse.reported_use': {
    first: records({ riskEvents: [riskEvent('r1', 'positive_uds', ago(10 * DAY))] }),
    second: records({
      riskEvents: [
        riskEvent('r1', 'positive_uds', ago(10 * DAY)),
        riskEvent('r2', 'reported_nonclinic_use', ago(MINUTE)),
      ],
    }),
  },
};

/** Stores the actions as the backend does (ids f<n>), returning the new state. */
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
            },
      );
    } else {
      next = next.map((f) => (f.id === action.flagId ? { ...f, status: 'resolved' } : f));
    }
  }
  return next;
}

function evaluateAndStore(state: StoredFlagState[], recs: PatientRecords, rule: RuleId) {
  const candidates = evaluateRules(recs, DEFAULT_THRESHOLDS, NOW, [rule]);
  return apply(
    state,
    reconcileFlags({
      patientId: recs.patientId,
      existing: state,
      candidates,
      rulesInScope: new Set([rule]),
      now: NOW,
    }),
  );
}

const acknowledge = (state: StoredFlagState[]): StoredFlagState[] =>
  state.map((f) =>
    f.status === 'open'
      ? { ...f, status: 'acknowledged', newEvidenceSince: null, newEvidenceCount: 0 }
      : f,
  );

describe('every critical rule: acknowledged, then a new trigger', () => {
  const critical = RULE_IDS.filter((id) => RULES[id].severity === 'critical');

  it('has a scenario for every critical rule', () => {
    expect(critical.filter((id) => CRITICAL_SCENARIOS[id] === undefined)).toEqual([]);
  });

  it.each(critical.filter((id) => CRITICAL_SCENARIOS[id] !== undefined))(
    '%s: the flag returns to open with the new evidence',
    (rule) => {
      const { first, second } = CRITICAL_SCENARIOS[rule] ?? { first: records(), second: records() };
      let state = evaluateAndStore([], first, rule);
      expect(state).toHaveLength(1);
      expect(state[0].status).toBe('open');
      state = acknowledge(state);
      // The same records again change nothing: it stays acknowledged.
      expect(evaluateAndStore(state, first, rule)).toEqual(state);
      state = evaluateAndStore(state, second, rule);
      expect(state).toHaveLength(1);
      expect(state[0]).toMatchObject({
        status: 'open',
        newEvidenceCount: 1,
        newEvidenceSince: NOW.toISOString(),
      });
      expect(state[0].triggers.length).toBeGreaterThan(1);
    },
  );
});

describe('warning rules: acknowledged, then a new trigger', () => {
  const scenarios: [RuleId, PatientRecords, PatientRecords][] = [
    [
      'sedation.moderate',
      records({ sessions: [s1], observations: [obs(s1, 30, { moaas: 3 })] }),
      records({
        sessions: [s1],
        observations: [obs(s1, 30, { moaas: 3 }), obs(s1, 40, { moaas: 2 })],
      }),
    ],
    [
      'misuse.craving',
      records({ riskEvents: [riskEvent('r1', 'craving', ago(10 * DAY))] }),
      records({
        riskEvents: [
          riskEvent('r1', 'craving', ago(10 * DAY)),
          riskEvent('r2', 'craving', ago(HOUR)),
        ],
      }),
    ],
  ];

  it.each(scenarios)(
    '%s: stays acknowledged and says there is new evidence',
    (rule, first, second) => {
      let state = acknowledge(evaluateAndStore([], first, rule));
      expect(state[0].status).toBe('acknowledged');
      state = evaluateAndStore(state, second, rule);
      expect(state).toHaveLength(1);
      expect(state[0]).toMatchObject({
        status: 'acknowledged',
        newEvidenceSince: NOW.toISOString(),
        newEvidenceCount: 1,
      });
    },
  );
});
