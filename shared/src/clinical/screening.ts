/**
 * The screening before a course's first session (CLINICAL.md s9; API.md "Treatment courses"):
 * classification of the checklist per drug, what a signed screening still lacks, and its 30-day
 * validity for a course's first session.
 */
import type { Drug } from '../api/enums';
import {
  SCREENING_ITEMS,
  type ScreeningAnswer,
  type ScreeningItem,
  type ScreeningResult,
} from '../api/course-types';
import { ABSOLUTE_CONTRAINDICATIONS, SCREENING_VALID_DAYS } from './protocols';
import { DAY_MS, toMs, type Timestamp } from './time';

export interface ScreeningEvaluation {
  result: ScreeningResult;
  /** `yes` answers that are absolute contraindications for the drug (s9). */
  absolute: ScreeningItem[];
  /** Every other `yes`: relative contraindications / warnings (s9). */
  relative: ScreeningItem[];
  /** `unknown` answers (to be found out; they do not block). */
  unknown: ScreeningItem[];
  /** screenedAt + SCREENING_VALID_DAYS (ISO). */
  validUntil: string;
  /**
   * What the screening lacks to be signed (each names the field): a note for each `yes`, the
   * consent date, the REMS enrolment date for esketamine. Empty: complete.
   */
  missing: string[];
}

const blank = (text: string | null | undefined): boolean =>
  text === null || text === undefined || text.trim() === '';

/**
 * Classifies a screening (CLINICAL.md s9): a `yes` on an absolute contraindication of the drug
 * (`ABSOLUTE_CONTRAINDICATIONS`) makes it `contraindicated`; any other `yes` is relative
 * (`eligible_with_warnings`); otherwise `eligible`. `unknown` answers never block. Items are listed
 * in the checklist's order. An item missing from `answers` counts as not answered (missing).
 */
export function evaluateScreening(
  drug: Drug,
  answers: Partial<Record<ScreeningItem, ScreeningAnswer>>,
  notes: Partial<Record<ScreeningItem, string | null>> | null | undefined,
  consentAt: Timestamp | null | undefined,
  remsEnrolledAt: Timestamp | null | undefined,
  screenedAt: Timestamp,
): ScreeningEvaluation {
  const absoluteItems = ABSOLUTE_CONTRAINDICATIONS[drug];
  const absolute: ScreeningItem[] = [];
  const relative: ScreeningItem[] = [];
  const unknown: ScreeningItem[] = [];
  const missing: string[] = [];
  for (const item of SCREENING_ITEMS) {
    const answer = answers[item];
    if (answer === undefined) {
      missing.push(`answers.${item}`);
      continue;
    }
    if (answer === 'unknown') unknown.push(item);
    if (answer !== 'yes') continue;
    (absoluteItems.includes(item) ? absolute : relative).push(item);
    if (blank(notes?.[item])) missing.push(`notes.${item}`);
  }
  if (consentAt === null || consentAt === undefined) missing.push('consentAt');
  if (drug === 'esketamine' && (remsEnrolledAt === null || remsEnrolledAt === undefined)) {
    missing.push('remsEnrolledAt');
  }
  const result: ScreeningResult =
    absolute.length > 0
      ? 'contraindicated'
      : relative.length > 0
        ? 'eligible_with_warnings'
        : 'eligible';
  return {
    result,
    absolute,
    relative,
    unknown,
    validUntil: new Date(toMs(screenedAt) + SCREENING_VALID_DAYS * DAY_MS).toISOString(),
    missing,
  };
}

/**
 * Whether a screening done at `screenedAt` is valid for a session starting at `sessionStart`
 * (CLINICAL.md s9, "valid 30 days"): the session starts at or after the screening and at most
 * SCREENING_VALID_DAYS (30 x 24 h) after it, the end included.
 */
export function screeningValidFor(
  screening: { screenedAt: Timestamp },
  sessionStart: Timestamp,
): boolean {
  const from = toMs(screening.screenedAt);
  const at = toMs(sessionStart);
  return at >= from && at <= from + SCREENING_VALID_DAYS * DAY_MS;
}
