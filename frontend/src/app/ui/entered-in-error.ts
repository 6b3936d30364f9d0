import type { EnteredInErrorMark } from '@clinic/shared';

/**
 * The records still in effect: those entered in error stay in the histories but take no part in
 * scores, charts or summaries (API.md "Amendments, never deletes").
 */
export function inEffect<T extends { enteredInError: EnteredInErrorMark | null }>(
  records: readonly T[],
): T[] {
  return records.filter((record) => record.enteredInError === null);
}
