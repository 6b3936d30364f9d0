import { ABSOLUTE_CONTRAINDICATIONS, SCREENING_ITEMS } from '@clinic/shared';

import { aCourse, aScreening, ESKETAMINE_US, KETAMINE_IV } from '../../testing/course-fixtures';
import { aSession } from '../../testing/patient-fixtures';
import {
  activeCourse,
  allowedDosesText,
  courseSessionCounts,
  defaultCourseKind,
  latestCourse,
  latestValidScreening,
  protocolInWords,
  proposedDoseMg,
  SCREENING_ITEM_LABELS,
  screeningGroups,
} from './course-wording';

describe('screeningGroups (CLINICAL.md s9)', () => {
  it.each([
    [
      'esketamine',
      [
        'aneurysmal_vascular_disease',
        'arteriovenous_malformation',
        'intracerebral_haemorrhage',
        'hypersensitivity',
      ],
    ],
    ['ketamine', ['hypersensitivity']],
  ] as const)('puts the absolute items of %s first, the rest as relative', (drug, absolute) => {
    const groups = screeningGroups(drug);
    expect(groups.absolute).toEqual(absolute);
    expect(groups.absolute).toEqual([...ABSOLUTE_CONTRAINDICATIONS[drug]]);
    expect([...groups.absolute, ...groups.relative].sort()).toEqual([...SCREENING_ITEMS].sort());
    expect(groups.relative).not.toContain('hypersensitivity');
  });

  it('has a plain-English label for every item', () => {
    for (const item of SCREENING_ITEMS) {
      expect(SCREENING_ITEM_LABELS[item]).not.toMatch(/_/);
    }
  });
});

describe('protocolInWords (CLINICAL.md s8 table)', () => {
  it.each([
    [
      KETAMINE_IV,
      'Induction: 6 sessions within 21 days, at most 3 in any 7 days, at least 1 day apart.',
      'Maintenance: at most 1 in any 7 days, at least 7 days apart.',
      'Doses: first 0.5 mg/kg, then 0.5, 0.6, 0.7 or 0.75 mg/kg; at most 0.75 mg/kg.',
    ],
    [
      ESKETAMINE_US,
      'Induction: 8 sessions within 28 days, at most 2 in any 7 days, at least 1 day apart.',
      'Maintenance: at most 1 in any 7 days, at least 7 days apart.',
      'Doses: first 56 mg, then 56 or 84 mg; at most 84 mg.',
    ],
    [
      {
        ...ESKETAMINE_US,
        maintenance: null,
        dosePlan: { unit: 'mg', first: 84, steps: [] as number[], max: 84 },
      },
      'Induction: 8 sessions within 28 days, at most 2 in any 7 days, at least 1 day apart.',
      'Maintenance: none studied (the course ends after induction).',
      'Doses: first 84 mg; at most 84 mg.',
    ],
  ] as const)('words %#', (protocol, induction, maintenance, doses) => {
    expect(protocolInWords(protocol)).toEqual({ induction, maintenance, doses });
  });
});

describe('course choice helpers', () => {
  const ended = aCourse({ id: 'a', phase: 'ended', startedAt: '2025-01-01T00:00:00.000Z' });
  const active = aCourse({ id: 'b', phase: 'maintenance', startedAt: '2026-01-01T00:00:00.000Z' });

  it('finds the course that has not ended, and the latest by start', () => {
    expect(activeCourse([ended, active])?.id).toBe('b');
    expect(activeCourse([ended])).toBeNull();
    expect(latestCourse([ended, active])?.id).toBe('b');
    expect(latestCourse([])).toBeNull();
  });

  it.each([
    [[], 'initial'],
    [[active], 'initial'],
    [[ended], 'reinduction'],
  ] as const)('defaults the kind of a new course (%#) to %s', (courses, kind) => {
    expect(defaultCourseKind(courses)).toBe(kind);
  });

  it('takes the newest screening whose 30 days have not passed', () => {
    const old = aScreening({
      id: 'old',
      screenedAt: '2026-09-01T09:00:00.000Z',
      validUntil: '2026-10-01T09:00:00.000Z',
    });
    const recent = aScreening({
      id: 'new',
      screenedAt: '2026-10-01T09:00:00.000Z',
      validUntil: '2026-10-31T09:00:00.000Z',
    });
    expect(latestValidScreening([old, recent], new Date('2026-10-10T00:00:00Z'))?.id).toBe('new');
    expect(latestValidScreening([old], new Date('2026-10-10T00:00:00Z'))).toBeNull();
    expect(latestValidScreening([recent], new Date('2026-11-01T00:00:00Z'))).toBeNull();
  });
});

describe('proposedDoseMg', () => {
  const proposal = aCourse().nextDue!;

  it.each([
    [{ ...proposal, unit: 'mg' as const, dose: 56 }, 80, 56],
    [{ ...proposal, dose: 0.5 }, 70, 35],
    [{ ...proposal, dose: 0.6 }, 83.3, 50],
    [{ ...proposal, dose: 0.5 }, null, null],
  ])('proposal %# with weight %s kg gives %s mg', (p, weightKg, mg) => {
    expect(proposedDoseMg(p, weightKg)).toBe(mg);
  });

  it('words the allowed doses', () => {
    expect(allowedDosesText(proposal)).toBe('0.5, 0.6, 0.7 or 0.75 mg/kg');
    expect(allowedDosesText({ ...proposal, unit: 'mg', allowedDoses: [56] })).toBe('56 mg');
  });
});

describe('courseSessionCounts', () => {
  it('counts the course’s ordered and given sessions, not other courses’ or those in error', () => {
    const sessions = [
      { ...aSession({ status: 'discharged' }), courseId: 'c1' },
      { ...aSession({ status: 'in_progress' }), courseId: 'c1' },
      { ...aSession({ status: 'ordered' }), courseId: 'c1' },
      { ...aSession({ status: 'cancelled' }), courseId: 'c1' },
      { ...aSession({ status: 'discharged' }), courseId: 'c2' },
      {
        ...aSession({
          status: 'discharged',
          enteredInError: { at: '2026-10-01T00:00:00Z', by: 'u', byName: null, reason: 'typo' },
        }),
        courseId: 'c1',
      },
    ];
    expect(courseSessionCounts(sessions, 'c1')).toEqual({ ordered: 1, given: 2 });
  });
});
