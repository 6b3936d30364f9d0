import type { AmendableResource, EnteredInErrorMark } from '@clinic/shared';

import { formatDateTime } from '../../ui/format';

/** Shortest reason the server accepts (EnteredInErrorDto: MinLength 3). */
export const REASON_MIN_LENGTH = 3;

export const AMENDABLE_LABELS: Readonly<Record<AmendableResource, string>> = {
  session: 'Session',
  observation: 'Observation',
  side_effect: 'Side effect',
  phq9: 'PHQ-9',
  risk_event: 'Risk event',
};

/** What marking a record entered in error changes (API.md "Amendments"), said before it is done. */
export const AMENDMENT_CONSEQUENCES: Readonly<Record<AmendableResource, string>> = {
  session:
    'The session stays in the history, marked with your reason, but its dose and number leave the course: the response, the charts, the outcomes and the REMS count no longer use it. Its observations and side effects leave with it, the board no longer shows it, the flags it raised are resolved, and its follow-up links not yet answered stop working.',
  observation:
    'The observation stays in the history, marked with your reason, but leaves the latest readings on the board, discharge readiness and the flags: a flag only it raised is resolved.',
  side_effect:
    'The side effect stays in the history, marked with your reason, but leaves the flags, the REMS form and the outcomes: a flag only it raised is resolved.',
  phq9: 'The PHQ-9 stays in the history, marked with your reason, but leaves the scores, the charts, the response and the outcomes: a flag only it raised (such as item 9) is resolved.',
  risk_event:
    'The risk event stays in the history, marked with your reason, but leaves the flags: a flag only it raised is resolved.',
};

/** Who marked it and when, e.g. "Dr Ana Ruiz, 3 Oct 2026, 14:05" (no name: "a former user"). */
export function markedByLine(mark: EnteredInErrorMark, timeZone?: string): string {
  return `${mark.byName ?? 'a former user'}, ${formatDateTime(mark.at, timeZone)}`;
}
