import { flagsOfCourse } from './course-summary.mapper';

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 10));
const flag = (id: string, sessionId: string | null, raised: number) => ({
  id,
  sessionId,
  createdAt: day(raised),
});

describe('flagsOfCourse (which flags a course summary prints)', () => {
  const flags = [
    flag('own-session', 's1', 20),
    flag('other-session', 'x9', 5),
    flag('patient-before', null, 1),
    flag('patient-in-span', null, 6),
    flag('patient-after-end', null, 12),
    flag('patient-next-course', null, 15),
  ];
  const ids = (found: { id: string }[]): string[] => found.map((f) => f.id);

  it.each([
    [
      'an ended course: its session flags, patient flags from its first session to its end',
      { startedAt: day(4), endedAt: day(10) },
      day(3),
      ['own-session', 'patient-in-span'],
    ],
    [
      'a course running: open-ended until the next course starts',
      { startedAt: day(4), endedAt: null },
      null,
      ['own-session', 'patient-in-span', 'patient-after-end'],
    ],
  ])('%s', (_name, course, firstSessionAt, expected) => {
    const found = flagsOfCourse(flags, {
      course: { id: 'c1', ...course },
      courses: [
        { id: 'c0', startedAt: day(1) },
        { id: 'c1', startedAt: course.startedAt },
        { id: 'c2', startedAt: day(14) },
      ],
      courseSessionIds: new Set(['s1']),
      firstSessionAt,
    });
    expect(ids(found)).toEqual(expected);
  });
});
