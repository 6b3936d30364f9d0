import type { FlagDto } from '@clinic/shared';

import {
  canAcknowledge,
  describeDetails,
  evidenceWithdrawnLine,
  FLAG_CATEGORY_LABELS,
  historyLines,
  needsAttention,
  flagAccess,
  proxyRuleNote,
  ruleTitle,
  sortFlags,
  statusWithActor,
} from './flag-format';
import { FLAG_STATUS_LABELS } from '../labels';

function flag(overrides: Partial<FlagDto>): FlagDto {
  return {
    id: 'f',
    clinicId: 'c',
    patientId: 'p',
    sessionId: null,
    rule: 'bp.severe',
    category: 'hemodynamic',
    severity: 'critical',
    status: 'open',
    message: '',
    evidence: {},
    threshold: {},
    createdAt: '2026-03-01T10:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByName: null,
    note: null,
    acknowledgeNote: null,
    resolveNote: null,
    ruleNote: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    evidenceWithdrawn: false,
    history: [],
    version: 1,
    ...overrides,
  };
}

describe('sortFlags', () => {
  it('puts critical before warning before info, newest first within a severity', () => {
    const flags = [
      flag({ id: 'info-new', severity: 'info', createdAt: '2026-03-05T10:00:00.000Z' }),
      flag({ id: 'warning-old', severity: 'warning', createdAt: '2026-03-01T10:00:00.000Z' }),
      flag({ id: 'critical-old', severity: 'critical', createdAt: '2026-03-01T09:00:00.000Z' }),
      flag({ id: 'warning-new', severity: 'warning', createdAt: '2026-03-04T10:00:00.000Z' }),
      flag({ id: 'critical-new', severity: 'critical', createdAt: '2026-03-03T10:00:00.000Z' }),
    ];
    expect(sortFlags(flags).map((f) => f.id)).toEqual([
      'critical-new',
      'critical-old',
      'warning-new',
      'warning-old',
      'info-new',
    ]);
  });
});

describe('flagAccess', () => {
  it.each([
    ['psychiatrist', 'misuse.craving', 'open', 'act'],
    ['psychiatrist', 'bp.severe', 'acknowledged', 'act'],
    ['nurse', 'bp.severe', 'open', 'act'],
    ['nurse', 'misuse.session_frequency', 'open', 'psychiatrist-review'],
    ['nurse', 'tolerance.diminishing_response', 'acknowledged', 'psychiatrist-review'],
    ['manager', 'bp.severe', 'open', 'read-only'],
    ['manager', 'misuse.craving', 'open', 'read-only'],
    ['psychiatrist', 'bp.severe', 'resolved', 'read-only'],
    [null, 'bp.severe', 'open', 'read-only'],
  ] as const)('%s on %s (%s): %s', (role, rule, status, expected) => {
    expect(flagAccess(role, { rule, status })).toBe(expected);
  });
});

describe('rule titles and notes', () => {
  it('takes the title from the shared rules, and the proxy note without the spec reference', () => {
    expect(ruleTitle('bp.severe')).toBe('Severe blood pressure');
    expect(ruleTitle('no.such_rule')).toBe('no.such_rule');
    expect(proxyRuleNote(flag({ rule: 'misuse.craving' }))).toBe(
      'A clinically reasonable proxy, not a published checklist.',
    );
    expect(proxyRuleNote(flag({ rule: 'bp.severe' }))).toBeNull();
  });

  it('knows the v2 rules and the adverse-event category', () => {
    expect(ruleTitle('bp.hypotension')).toBe('Low blood pressure (hypotension)');
    expect(ruleTitle('hr.bradycardia')).toBe('Bradycardia');
    expect(ruleTitle('monitoring.no_predose')).toBe('No pre-dose blood pressure');
    expect(ruleTitle('adverse.serious')).toBe('Serious adverse event');
    expect(ruleTitle('phq9.item9_unanswered')).toBe(
      'PHQ-9 item 9 not answered: ask it the same day',
    );
    expect(FLAG_CATEGORY_LABELS.adverse_event).toBe('Serious adverse event');
  });
});

describe('describeDetails', () => {
  it('reads evidence as key values, without record ids', () => {
    expect(
      describeDetails({
        observations: [
          {
            id: '0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02',
            minutesSinceDose: 40,
            systolic: 186,
            diastolic: 104,
          },
        ],
      }),
    ).toEqual([
      { label: 'Observations', text: 'min after dose start 40, systolic 186, diastolic 104' },
    ]);
  });

  it('reads thresholds, nested maps, booleans, times and missing values', () => {
    expect(
      describeDetails({
        severeSystolic: 180,
        sessionsPer7Days: 3,
        riskEventTypes: ['positive_uds', 'reported_nonclinic_use'],
        usualMaxByDrugRoute: { 'ketamine.iv': 0.75 },
        sessionIds: ['a', 'b'],
        lastObservation: null,
        phq9: [{ id: 'x', administeredAt: '2026-03-02T14:05:00.000Z', item9: 2, valid: true }],
      }),
    ).toEqual([
      { label: 'Severe systolic', text: '180' },
      { label: 'Sessions per 7 days', text: '3' },
      {
        label: 'Risk event types',
        text: 'positive urine drug screen; reported ketamine use outside the clinic',
      },
      { label: 'Usual maximum', text: 'ketamine.iv 0.75' },
      { label: 'Last observation', text: 'none' },
      { label: 'PHQ-9', text: 'given 2 Mar 2026, 14:05, item 9 answer 2, valid yes' },
    ]);
  });

  it('reads the v2 evidence and thresholds in words', () => {
    expect(
      describeDetails({
        sideEffects: [
          { id: 'x', type: 'other', severity: 'moderate', seriousCriterion: 'hospitalisation' },
        ],
        bradycardiaBelow: 50,
        noPredoseAfterMinutes: 15,
        item9Required: true,
      }),
    ).toEqual([
      {
        label: 'Side effects',
        text: 'type other, severity moderate, serious because of inpatient hospitalisation or its prolongation',
      },
      { label: 'Heart rate below', text: '50' },
      { label: 'Min after dose start without a pre-dose BP', text: '15' },
      { label: 'Item 9 must be answered', text: 'yes' },
    ]);
  });
});

describe('absent values in evidence (issue 20)', () => {
  it('leaves out a measurement that was not taken, never "respiratory rate none"', () => {
    expect(
      describeDetails({
        observations: [{ id: 'o1', minutesSinceDose: 13, spo2: 85, respiratoryRate: null }],
      }),
    ).toEqual([{ label: 'Observations', text: 'min after dose start 13, SpO2 85' }]);
  });
});

describe('statusWithActor: who acknowledged or resolved, by name (issue 20)', () => {
  it.each<[string, Partial<FlagDto>, string]>([
    ['open', { status: 'open' }, 'Open'],
    [
      'acknowledged',
      { status: 'acknowledged', acknowledgedBy: 'u1', acknowledgedByName: 'Sam Nurse' },
      'Acknowledged by Sam Nurse',
    ],
    [
      'resolved',
      {
        status: 'resolved',
        acknowledgedBy: 'u1',
        acknowledgedByName: 'Sam Nurse',
        resolvedBy: 'u2',
        resolvedByName: 'Dr Amara Okafor',
      },
      'Resolved by Dr Amara Okafor',
    ],
    [
      'a user no longer known',
      { status: 'acknowledged', acknowledgedBy: 'u9', acknowledgedByName: null },
      'Acknowledged by a former user',
    ],
    ['resolved by the system', { status: 'resolved', resolvedBy: null }, 'Resolved'],
  ])('%s', (_label, overrides, expected) => {
    expect(statusWithActor(flag(overrides), FLAG_STATUS_LABELS)).toBe(expected);
  });
});

describe('evidence entered in error (issue 19)', () => {
  const withdrawnStep = {
    status: 'evidence_withdrawn' as const,
    at: '2026-03-02T09:05:00.000Z',
    by: 'u-nurse',
    byName: 'Nurse Nora',
    note: 'Evidence withdrawn: the risk event that raised it was entered in error (Wrong patient)',
  };
  const raised = {
    status: 'open' as const,
    at: '2026-03-01T10:00:00.000Z',
    by: null,
    byName: null,
    note: null,
  };
  const misuse = (overrides: Partial<FlagDto> = {}): FlagDto =>
    flag({
      rule: 'misuse.reported_use',
      category: 'misuse',
      evidenceWithdrawn: true,
      history: [raised, withdrawnStep],
      ...overrides,
    });

  it.each<[string, FlagDto, string | null]>([
    [
      'an open misuse flag names who marked it and asks for a psychiatrist',
      misuse(),
      'Evidence entered in error by Nurse Nora — a psychiatrist must review and resolve',
    ],
    [
      'an acknowledged one says the same',
      misuse({ status: 'acknowledged' }),
      'Evidence entered in error by Nurse Nora — a psychiatrist must review and resolve',
    ],
    [
      'an item-9 flag: a screener or a psychiatrist',
      misuse({ rule: 'phq9.item9_positive', category: 'suicidality' }),
      'Evidence entered in error by Nurse Nora — resolve it after a C-SSRS screener, or a psychiatrist reviews and resolves it',
    ],
    [
      'a marker no longer known',
      misuse({ history: [raised, { ...withdrawnStep, byName: null }] }),
      'Evidence entered in error by a former user — a psychiatrist must review and resolve',
    ],
    ['resolved: nothing (the history keeps it)', misuse({ status: 'resolved' }), null],
    ['evidence in force: nothing', misuse({ evidenceWithdrawn: false }), null],
  ])('%s', (_name, value, expected) => {
    expect(evidenceWithdrawnLine(value)).toBe(expected);
  });

  it('sorts with the flags waiting for someone, even acknowledged, and is not acknowledged again', () => {
    const withdrawn = misuse({ id: 'withdrawn', status: 'acknowledged', severity: 'warning' });
    const seen = misuse({
      id: 'seen',
      status: 'acknowledged',
      severity: 'warning',
      evidenceWithdrawn: false,
      createdAt: '2026-03-09T10:00:00.000Z',
    });
    expect(needsAttention(withdrawn)).toBe(true);
    expect(needsAttention(seen)).toBe(false);
    expect(canAcknowledge(withdrawn)).toBe(false);
    expect(sortFlags([seen, withdrawn]).map((f) => f.id)).toEqual(['withdrawn', 'seen']);
  });

  it('the history step in words, naming who marked the record', () => {
    expect(historyLines(misuse(), 'UTC').map((line) => line.text)[1]).toMatch(
      /^Evidence entered in error .* by Nurse Nora — “Evidence withdrawn: the risk event that raised it was entered in error \(Wrong patient\)”$/,
    );
  });
});
