/** Named scenarios of treatment courses (CLINICAL.md s4 course.off_protocol, screening.override; s8, s9). */
import type { Scenario } from '../model';
import type { ScenarioDefinition } from './definition';

// The override's screening (hypersensitivity answered yes, with its note) and reason are drawn
// with the courses (courses.ts); the re-induction patients are REINDUCTION (index.ts).
export const COURSE_SCENARIOS = {
  // NG-00035: esketamine induction interrupted by flu (a week missed), still going: 6 of the 8
  // sessions within the 28 days of the label's induction, the 7th on day 31.
  off_protocol: {
    protocol: 'esketamine',
    response: 'partial',
    sessions: 7,
    lastDaysAgo: 3,
    rules: ['course.off_protocol'],
    gaps: [3, 4, 3, 4, 8, 9],
    session: ({ i }) =>
      i === 5
        ? 'Back after a week off with flu; induction continues (sessions 7 and 8 to come).'
        : null,
  },
  // NG-00036: IV course started despite an absolute contraindication (hypersensitivity answered
  // yes: a rash after anaesthesia years ago), with the psychiatrist's override reason.
  override: {
    protocol: 'iv',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 4,
    rules: ['screening.override'],
    session: ({ i }) =>
      i === 0
        ? 'First infusion after the screening override (hypersensitivity history): physician present, no reaction.'
        : null,
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
