/** The PHQ-9 history of a treatment course against its baseline (CLINICAL.md s5, s8). */
import type { ResponseStatus } from '../api/enums';
import { changePct, responseCategory, type ResponseAssessmentInput } from './response';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from './thresholds';
import { toMs, type Timestamp } from './time';

export interface CoursePhq9Row {
  id: string;
  /** This PHQ-9 is the course baseline. */
  baseline: boolean;
  /** (total - baseline) / baseline x 100, 1 decimal (null: see coursePhq9History). */
  changePct: number | null;
  /** remission / response / partial / none against the course baseline (null: see coursePhq9History). */
  category: Exclude<ResponseStatus, 'no_baseline'> | null;
}

/**
 * Each PHQ-9 of a course against the course baseline, with the same functions as the course's
 * response (changePct, responseCategory): the patient page and the printed summary say the same.
 * Change and category are null without a baseline, for the baseline itself, for a PHQ-9 given
 * before it (earlier candidates of the 30-day window) and for an invalid one (not scored, s1).
 */
export function coursePhq9History(
  phq9: readonly ResponseAssessmentInput[],
  baseline: { assessmentId: string; administeredAt: Timestamp; total: number } | null,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
): CoursePhq9Row[] {
  return phq9.map((a) => {
    const isBaseline = baseline !== null && a.id === baseline.assessmentId;
    const judged =
      baseline !== null &&
      !isBaseline &&
      a.valid &&
      a.total !== null &&
      toMs(a.administeredAt) >= toMs(baseline.administeredAt);
    return {
      id: a.id,
      baseline: isBaseline,
      changePct: judged && a.total !== null ? changePct(a.total, baseline.total) : null,
      category: judged && a.total !== null ? responseCategory(a.total, baseline.total, t) : null,
    };
  });
}
