import type { RecallPeriod } from '../api/enums';
import { coursePhq9History } from './course-summary';
import type { ResponseAssessmentInput } from './response';
import { mergeThresholds } from './thresholds';

const phq = (
  id: string,
  day: number,
  total: number | null,
  recall: RecallPeriod = '24_hours',
): ResponseAssessmentInput => ({
  id,
  administeredAt: new Date(Date.UTC(2026, 10, day, 9)).toISOString(),
  total,
  valid: total !== null,
  recall,
});

const baseline20 = {
  assessmentId: 'b',
  administeredAt: new Date(Date.UTC(2026, 10, 3, 9)).toISOString(),
  total: 20,
};

describe('coursePhq9History (CLINICAL.md s5: change and category against the course baseline)', () => {
  // Baseline 20: response <= 10 (50%), partial 11-15 (25-49% reduction), remission < 5.
  it.each([
    ['no change', 20, 0, 'none'],
    ['worse', 25, 25, 'none'],
    ['20% reduction is not partial', 16, -20, 'none'],
    ['25% reduction is partial', 15, -25, 'partial'],
    ['49% reduction is partial', 11, -45, 'partial'],
    ['50% of the baseline is a response', 10, -50, 'response'],
    ['remission (< 5), most favourable first', 4, -80, 'remission'],
    ['5 is a response, not a remission', 5, -75, 'response'],
  ] as const)('%s: %d -> %d%%, %s', (_name, total, pct, category) => {
    const [, row] = coursePhq9History(
      [phq('b', 3, 20, 'two_weeks'), phq('x', 10, total)],
      baseline20,
    );
    expect(row).toEqual({ id: 'x', baseline: false, changePct: pct, category });
  });

  it('marks the baseline and leaves its own change and category empty', () => {
    const [row] = coursePhq9History([phq('b', 3, 20, 'two_weeks')], baseline20);
    expect(row).toEqual({ id: 'b', baseline: true, changePct: null, category: null });
  });

  it('judges nothing before the baseline, nothing invalid, nothing without a baseline', () => {
    const rows = [
      phq('early', 1, 22, 'two_weeks'),
      phq('b', 3, 20, 'two_weeks'),
      phq('bad', 9, null),
    ];
    expect(coursePhq9History(rows, baseline20).map((r) => [r.id, r.changePct, r.category])).toEqual(
      [
        ['early', null, null],
        ['b', null, null],
        ['bad', null, null],
      ],
    );
    expect(coursePhq9History([phq('x', 10, 8)], null)).toEqual([
      { id: 'x', baseline: false, changePct: null, category: null },
    ]);
  });

  it('a baseline of 0 gives no change (s5) and never a response', () => {
    const zero = { ...baseline20, total: 0 };
    const [, row] = coursePhq9History([phq('b', 3, 0, 'two_weeks'), phq('x', 10, 0)], zero);
    expect(row).toEqual({ id: 'x', baseline: false, changePct: null, category: 'remission' });
  });

  it("uses the clinic's cut-offs", () => {
    const strict = mergeThresholds({ response: { responseRatio: 0.4 } });
    const [, row] = coursePhq9History(
      [phq('b', 3, 20, 'two_weeks'), phq('x', 10, 10)],
      baseline20,
      strict,
    );
    expect(row.category).toBe('partial');
  });
});
