import { SERIOUS_CRITERIA } from '../api/enums';
import { SERIOUS_CRITERION_LABELS, validateSeriousCriterion } from './adverse-events';

describe('serious criteria (CLINICAL.md s3 v2, 21 CFR 312.32)', () => {
  it('are the six of the regulation, each in plain words', () => {
    expect([...SERIOUS_CRITERIA]).toEqual([
      'death',
      'life_threatening',
      'hospitalisation',
      'incapacity',
      'congenital_anomaly',
      'important_medical_event',
    ]);
    expect(Object.keys(SERIOUS_CRITERION_LABELS)).toEqual([...SERIOUS_CRITERIA]);
    expect(SERIOUS_CRITERION_LABELS.hospitalisation).toBe(
      'Inpatient hospitalisation or its prolongation',
    );
  });
});

describe('validateSeriousCriterion (required when serious, refused when not)', () => {
  const ONE_OF =
    'seriousCriterion must be one of the following values: death, life_threatening, ' +
    'hospitalisation, incapacity, congenital_anomaly, important_medical_event';
  it.each<[string, unknown, unknown, string[]]>([
    ['serious with a criterion', true, 'hospitalisation', []],
    [
      'serious without a criterion',
      true,
      undefined,
      ['seriousCriterion is required when serious is true'],
    ],
    [
      'serious with a null criterion',
      true,
      null,
      ['seriousCriterion is required when serious is true'],
    ],
    ['serious with an unknown criterion', true, 'severe', [ONE_OF]],
    ['not serious, no criterion', false, undefined, []],
    ['not serious, a null criterion', false, null, []],
    [
      'not serious with a criterion',
      false,
      'death',
      ['seriousCriterion must not be given when serious is false'],
    ],
    [
      'serious absent (default false) with a criterion',
      undefined,
      'death',
      ['seriousCriterion must not be given when serious is false'],
    ],
    ['serious absent, no criterion', undefined, undefined, []],
  ])('%s', (_label, serious, criterion, errors) => {
    expect(validateSeriousCriterion(serious, criterion)).toEqual(errors);
  });
});
