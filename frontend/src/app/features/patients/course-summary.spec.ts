import { aFlag, aPhq9, aResponse, aSession } from '../../../testing/patient-fixtures';
import { DEFAULT_THRESHOLDS, type ResponseStatus } from '@clinic/shared';

import { courseSummary } from './course-summary';
import { statusHint } from './course-summary.component';

describe('courseSummary', () => {
  const sessions = [
    aSession({
      sessionNumber: 2,
      startedAt: '2026-10-05T09:00:00.000Z',
      doseMg: 40,
      doseMgPerKg: 0.571,
    }),
    aSession({
      sessionNumber: 1,
      startedAt: '2026-10-01T09:00:00.000Z',
      doseMg: 35,
      doseMgPerKg: 0.5,
    }),
  ];
  const phq9 = [
    aPhq9({
      id: 'latest',
      administeredAt: '2026-10-06T09:00:00.000Z',
      total: 9,
      severity: 'mild',
      recall: '24_hours',
    }),
    aPhq9({
      administeredAt: '2026-10-07T09:00:00.000Z',
      total: null,
      severity: null,
      valid: false,
    }),
    aPhq9({
      id: 'phq9-baseline',
      administeredAt: '2026-09-28T09:00:00.000Z',
      total: 20,
      severity: 'severe',
    }),
  ];
  const response = aResponse({ status: 'response', bestChangePct: -55 });

  it('counts the sessions and the span of the course', () => {
    const summary = courseSummary(sessions, response, phq9, []);

    expect(summary.sessionCount).toBe(2);
    expect(summary.firstSessionAt).toBe('2026-10-01T09:00:00.000Z');
    expect(summary.latestSessionAt).toBe('2026-10-05T09:00:00.000Z');
    expect(summary.inProgress).toBeNull();
  });

  it('gives the latest dose and the range over the course', () => {
    expect(courseSummary(sessions, response, phq9, []).dose).toEqual({
      drug: 'ketamine',
      route: 'iv',
      latestMg: 40,
      latestMgPerKg: 0.571,
      minMg: 35,
      maxMg: 40,
      constant: false,
    });
  });

  it('gives the course baseline with its severity, the latest valid PHQ-9, best change and status', () => {
    const summary = courseSummary(sessions, response, phq9, []);

    expect(summary.baseline).toEqual({
      total: 20,
      severity: 'severe',
      administeredAt: '2026-09-28T09:00:00.000Z',
    });
    // The later questionnaire is invalid (not scored): the latest valid one counts.
    expect(summary.latestPhq9).toEqual({
      total: 9,
      severity: 'mild',
      administeredAt: '2026-10-06T09:00:00.000Z',
      recall: '24_hours',
    });
    expect(summary.bestChangePct).toBe(-55);
    expect(summary.status).toBe('response');
  });

  it('finds the session in progress', () => {
    const inProgress = aSession({
      sessionNumber: 3,
      startedAt: '2026-10-09T09:00:00.000Z',
      status: 'in_progress',
    });

    expect(courseSummary([...sessions, inProgress], response, phq9, []).inProgress).toBe(
      inProgress,
    );
  });

  it('counts the flags still needing a person by severity', () => {
    const flags = [
      aFlag({ severity: 'critical', status: 'open' }),
      aFlag({ severity: 'warning', status: 'acknowledged' }),
      aFlag({ severity: 'warning', status: 'open' }),
      aFlag({ severity: 'info', status: 'resolved' }),
    ];

    expect(courseSummary(sessions, response, phq9, flags).activeFlags).toEqual({
      critical: 1,
      warning: 2,
      info: 0,
      total: 3,
    });
  });

  it('works with parts that did not load, and for a patient with no course yet', () => {
    const summary = courseSummary(null, null, null, null);

    expect(summary).toMatchObject({
      sessionCount: 0,
      dose: null,
      baseline: null,
      latestPhq9: null,
      bestChangePct: null,
      status: null,
    });
  });
});

describe('statusHint', () => {
  const clinic = {
    ...DEFAULT_THRESHOLDS.response,
    responseRatio: 0.4,
    partialReductionMin: 0.3,
    remissionBelow: 6,
    baselineWindowDays: 21,
  };

  it.each<[ResponseStatus, string, string]>([
    ['remission', 'Latest PHQ-9 below 5', 'Latest PHQ-9 below 6'],
    [
      'response',
      'Latest PHQ-9 at most 50% of the baseline',
      'Latest PHQ-9 at most 40% of the baseline',
    ],
    [
      'partial',
      'Latest PHQ-9 25%–49% below the baseline',
      'Latest PHQ-9 30%–59% below the baseline',
    ],
    [
      'none',
      'Latest PHQ-9 less than 25% below the baseline',
      'Latest PHQ-9 less than 30% below the baseline',
    ],
    [
      'no_baseline',
      'No two-week PHQ-9 in the 30 days before session 1',
      'No two-week PHQ-9 in the 21 days before session 1',
    ],
  ])('%s: CLINICAL.md defaults, then a clinic’s own cut-offs', (status, byDefault, atClinic) => {
    expect(statusHint(status, DEFAULT_THRESHOLDS.response)).toBe(byDefault);
    expect(statusHint(status, clinic)).toBe(atClinic);
  });
});
