import { PUBLISHED_REFERENCES } from '@clinic/shared';

import { aSessionRow, anOutcomes, rateOf } from './outcomes.fixtures';
import {
  OUTCOME_COLORS,
  chartKey,
  countKeyLabel,
  rateBySessionChart,
  rateLabel,
  referenceLines,
  referencesOf,
  sortPer100,
} from './outcomes-chart-data';

describe('rateLabel: numerator / denominator (per cent)', () => {
  it.each([
    [rateOf(12, 40, 30), '12 / 40 (30.0 %)'],
    [rateOf(12, 36, 33.3), '12 / 36 (33.3 %)'],
    [rateOf(0, 40, 0), '0 / 40 (0.0 %)'],
    [rateOf(0, 0, null), '0 / 0 (no patients)'],
  ])('%j -> %s', (rate, label) => {
    expect(rateLabel(rate)).toBe(label);
  });
});

describe('rateBySessionChart', () => {
  const rows = anOutcomes().bySessionNumber;

  it.each([
    [
      'response',
      'Response, intention to treat',
      [20, 30, 0],
      'Response, completers',
      [20, 33.3, Number.NaN],
    ],
    [
      'remission',
      'Remission, intention to treat',
      [5, 12.5, 0],
      'Remission, completers',
      [5, 13.9, Number.NaN],
    ],
  ] as const)(
    '%s: ITT and completers by session number, a gap without a denominator',
    (measure, ittLabel, itt, completersLabel, completers) => {
      const { datasets } = rateBySessionChart(rows, measure);
      expect(datasets.map((dataset) => dataset.label)).toEqual([ittLabel, completersLabel]);
      expect(datasets[0].data).toEqual(itt.map((y, index) => ({ x: index + 1, y })));
      expect(datasets[1].data).toEqual(completers.map((y, index) => ({ x: index + 1, y })));
      expect(datasets[0].borderDash).toEqual([]);
      expect(datasets[1].borderDash).toEqual([8, 5]);
    },
  );

  it('orders the points by session number', () => {
    const { datasets } = rateBySessionChart([aSessionRow(2), aSessionRow(1)], 'response');
    expect(datasets[0].data.map((point) => point.x)).toEqual([1, 2]);
  });
});

describe('referenceLines: the published references beside the clinic’s curves', () => {
  const references = anOutcomes().references;

  it.each([
    [
      'response',
      [
        [50, 'Published: Oliver 2022, after 6 infusions (n=424): 50 %', 'below'],
        [69.3, 'Published: Esketamine TRANSFORM-2 (MADRS): 69.3 %', 'above'],
      ],
    ],
    ['remission', [[20, 'Published: Oliver 2022, after 6 infusions (n=424): 20 %', 'below']]],
  ] as const)('%s', (measure, expected) => {
    const lines = referenceLines(references, measure);
    expect(lines.map((line) => [line.at, line.label, line.labelPosition])).toEqual(expected);
    expect(lines.every((line) => line.color === OUTCOME_COLORS.reference)).toBe(true);
  });

  it('draws all four published references of CLINICAL.md s6 for response', () => {
    expect(referenceLines(PUBLISHED_REFERENCES, 'response').map((line) => line.at)).toEqual([
      50, 53.6, 69.3, 72,
    ]);
  });
});

describe('referencesOf', () => {
  it('uses the report’s references, else the shared published list', () => {
    expect(referencesOf(anOutcomes())).toHaveLength(2);
    expect(referencesOf(anOutcomes({ references: [] }))).toBe(PUBLISHED_REFERENCES);
  });
});

describe('chartKey', () => {
  it('says which lines are the clinic’s and which are published references', () => {
    expect(chartKey('response').map((item) => [item.label, item.line])).toEqual([
      ['Response, intention to treat (this clinic)', 'solid'],
      ['Response, completers (this clinic)', 'dashed'],
      ['Published reference (other studies)', 'dotted'],
    ]);
  });
});

describe('per 100 sessions', () => {
  const items = anOutcomes().sideEffectsPer100;

  it.each([
    ['nausea (mild)', 'Nausea (mild)'],
    ['perceptual_disturbance (moderate)', 'Perceptual disturbance (moderate)'],
    ['follow-up (warning)', 'Follow-up (warning)'],
  ])('%s -> %s', (key, label) => {
    expect(countKeyLabel(key)).toBe(label);
  });

  it('lists the most frequent first', () => {
    expect(sortPer100(items).map((item) => item.key)).toEqual([
      'perceptual_disturbance (moderate)',
      'nausea (mild)',
    ]);
  });
});
