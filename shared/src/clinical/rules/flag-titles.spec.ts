import { flagTitleOf } from './flag-titles';

const threshold = { spo2Below: 92, rateBelow: 10 };
interface Titled {
  rule: string;
  evidence: unknown;
  threshold: unknown;
}
const respiratory = (observations: Record<string, number | null>[]): Titled => ({
  rule: 'respiratory.depression',
  evidence: { observations: observations.map((o, i) => ({ id: `o${String(i)}`, ...o })) },
  threshold,
});

describe('flagTitleOf: titled by what triggered it', () => {
  it.each<[string, Titled, string]>([
    [
      'SpO2 alone',
      respiratory([{ spo2: 85, respiratoryRate: null }]),
      'Low oxygen saturation (SpO2 85 %)',
    ],
    [
      'SpO2 alone, normal rate recorded',
      respiratory([{ spo2: 88, respiratoryRate: 14 }]),
      'Low oxygen saturation (SpO2 88 %)',
    ],
    [
      'the lowest SpO2 of several',
      respiratory([
        { spo2: 90, respiratoryRate: null },
        { spo2: 86, respiratoryRate: null },
      ]),
      'Low oxygen saturation (SpO2 86 %)',
    ],
    [
      'rate alone',
      respiratory([{ spo2: 97, respiratoryRate: 8 }]),
      'Slow breathing (respiratory rate 8/min)',
    ],
    [
      'both',
      respiratory([{ spo2: 85, respiratoryRate: 8 }]),
      'Respiratory depression (SpO2 85 %, respiratory rate 8/min)',
    ],
    [
      'both, from different readings',
      respiratory([
        { spo2: 85, respiratoryRate: null },
        { spo2: null, respiratoryRate: 9 },
      ]),
      'Respiratory depression (SpO2 85 %, respiratory rate 9/min)',
    ],
    [
      'evidence of another shape',
      { rule: 'respiratory.depression', evidence: null, threshold },
      'Respiratory depression',
    ],
  ])('%s', (_label, flag, expected) => {
    expect(flagTitleOf(flag)).toBe(expected);
  });

  it('other rules keep their title; an unknown rule shows its id', () => {
    expect(flagTitleOf({ rule: 'bp.severe', evidence: {}, threshold: {} })).toBe(
      'Severe blood pressure',
    );
    expect(flagTitleOf({ rule: 'x.unknown', evidence: {}, threshold: {} })).toBe('x.unknown');
  });
});

describe('flagTitleOf: course.off_protocol by what it found (v2)', () => {
  const offProtocol = (sessions: unknown[], inductionWindow: unknown): Titled => ({
    rule: 'course.off_protocol',
    evidence: { courseId: 'c1', sessions, inductionWindow },
    threshold: {},
  });
  it.each<[string, Titled, string]>([
    [
      'an early session',
      offProtocol([{ id: 's2' }], null),
      'Session earlier than the protocol allows',
    ],
    [
      'the induction window',
      offProtocol([], { sessionsGiven: 5 }),
      'Induction not finished within the protocol window',
    ],
    ['both', offProtocol([{ id: 's2' }], { sessionsGiven: 5 }), 'Course off its protocol'],
    [
      'evidence of another shape',
      { rule: 'course.off_protocol', evidence: null, threshold: {} },
      'Course off its protocol',
    ],
  ])('%s', (_label, flag, expected) => {
    expect(flagTitleOf(flag)).toBe(expected);
  });

  it('screening.override keeps its rule title', () => {
    expect(flagTitleOf({ rule: 'screening.override', evidence: {}, threshold: {} })).toBe(
      'Course started despite a contraindication',
    );
  });
});
