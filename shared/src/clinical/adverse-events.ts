/**
 * Serious adverse events (CLINICAL.md s3 v2): a side effect is serious by what it led to, not by its
 * intensity. Mild/moderate/severe is intensity; "serious" is the regulatory definition of
 * 21 CFR 312.32(a), with the criterion that makes it so.
 */
import { SERIOUS_CRITERIA, type SeriousCriterion } from '../api/enums';

/** Each criterion in plain words. Source: 21 CFR 312.32(a), "serious adverse event" (CLINICAL.md s3). */
export const SERIOUS_CRITERION_LABELS: Readonly<Record<SeriousCriterion, string>> = Object.freeze({
  death: 'Death',
  life_threatening: 'Life-threatening',
  hospitalisation: 'Inpatient hospitalisation or its prolongation',
  incapacity: 'Persistent or significant incapacity',
  congenital_anomaly: 'Congenital anomaly or birth defect',
  important_medical_event: 'Another important medical event',
});

export function isSeriousCriterion(value: unknown): value is SeriousCriterion {
  return typeof value === 'string' && (SERIOUS_CRITERIA as readonly string[]).includes(value);
}

/**
 * Checks `seriousCriterion` against `serious` (API.md v2 Records): required (one of
 * SERIOUS_CRITERIA) when serious is true; refused when serious is false or absent (null is no
 * criterion). Empty list = valid; messages name the field.
 */
export function validateSeriousCriterion(serious: unknown, criterion: unknown): string[] {
  if (serious === true) {
    if (criterion === undefined || criterion === null) {
      return ['seriousCriterion is required when serious is true'];
    }
    return isSeriousCriterion(criterion)
      ? []
      : [`seriousCriterion must be one of the following values: ${SERIOUS_CRITERIA.join(', ')}`];
  }
  return criterion === undefined || criterion === null
    ? []
    : ['seriousCriterion must not be given when serious is false'];
}
