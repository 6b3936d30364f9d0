/**
 * The outcome charts' data, shaped from OutcomesDto by pure functions. No arithmetic on rates: the
 * server computes them with the shared outcome functions; these only place and label them.
 */
import type { ChartData, ChartDataset } from 'chart.js';
import {
  type CountPer100Dto,
  type OutcomesBySessionDto,
  type OutcomesDto,
  PUBLISHED_REFERENCES,
  type RateDto,
} from '@clinic/shared';

import type { ChartLine } from '../../charts/chart-bands';
import type { LinePoints } from '../../charts/line-chart.component';

export type Reference = OutcomesDto['references'][number];
export type Measure = 'response' | 'remission';

export const MEASURE_LABELS: Record<Measure, string> = {
  response: 'Response',
  remission: 'Remission',
};

/** Clinic lines dark and solid/dashed; published references grey, dotted. All >= 4.5:1 on white. */
export const OUTCOME_COLORS = {
  itt: '#0b5d7a',
  completers: '#6b3fa0',
  reference: '#4a5968',
} as const;

const DASH = { itt: [], completers: [8, 5], reference: [2, 4] } as const;

/** "12 / 40 (30.0 %)"; "0 / 0 (no patients)" without a denominator. */
export function rateLabel(rate: RateDto): string {
  const counts = `${String(rate.numerator)} / ${String(rate.denominator)}`;
  return rate.pct === null ? `${counts} (no patients)` : `${counts} (${rate.pct.toFixed(1)} %)`;
}

function rates(row: OutcomesBySessionDto, measure: Measure): { itt: RateDto; completers: RateDto } {
  return measure === 'response'
    ? { itt: row.responseItt, completers: row.responseCompleters }
    : { itt: row.remissionItt, completers: row.remissionCompleters };
}

/** A point per session number; a session without a denominator is a gap (NaN), not 0 %. */
function points(
  rows: readonly OutcomesBySessionDto[],
  pick: (row: OutcomesBySessionDto) => RateDto,
): LinePoints {
  return rows.map((row) => ({ x: row.sessionNumber, y: pick(row).pct ?? Number.NaN }));
}

/** The clinic's rate of one measure by session number: intention to treat and completers. */
export function rateBySessionChart(
  rows: readonly OutcomesBySessionDto[],
  measure: Measure,
): ChartData<'line', LinePoints> {
  const sorted = [...rows].sort((a, b) => a.sessionNumber - b.sessionNumber);
  const dataset = (
    label: string,
    pick: (row: OutcomesBySessionDto) => RateDto,
    kind: 'itt' | 'completers',
  ): ChartDataset<'line', LinePoints> => ({
    label,
    data: points(sorted, pick),
    borderColor: OUTCOME_COLORS[kind],
    backgroundColor: OUTCOME_COLORS[kind],
    borderDash: [...DASH[kind]],
    borderWidth: 3,
    pointStyle: kind === 'itt' ? 'circle' : 'rectRot',
    pointRadius: 5,
    spanGaps: false,
  });
  const name = MEASURE_LABELS[measure];
  return {
    datasets: [
      dataset(`${name}, intention to treat`, (row) => rates(row, measure).itt, 'itt'),
      dataset(`${name}, completers`, (row) => rates(row, measure).completers, 'completers'),
    ],
  };
}

/** The references of the report (the server's), else the shared list of CLINICAL.md s6. */
export function referencesOf(outcomes: Pick<OutcomesDto, 'references'>): readonly Reference[] {
  return outcomes.references.length > 0 ? outcomes.references : PUBLISHED_REFERENCES;
}

function referencePct(reference: Reference, measure: Measure): number | null {
  return measure === 'response' ? reference.responsePct : reference.remissionPct;
}

/**
 * The published references of one measure as labelled horizontal lines beside the clinic's
 * curves ("Published: Oliver 2022, after 6 infusions (n=424): 50 %"). Labels of lines close
 * together go one above, one below, so they do not overprint.
 */
export function referenceLines(references: readonly Reference[], measure: Measure): ChartLine[] {
  return references
    .flatMap((reference) => {
      const pct = referencePct(reference, measure);
      return pct === null ? [] : [{ reference, pct }];
    })
    .sort((a, b) => a.pct - b.pct)
    .map(({ reference, pct }, index): ChartLine => ({
      at: pct,
      color: OUTCOME_COLORS.reference,
      width: 2,
      dash: [...DASH.reference],
      label: `Published: ${reference.label}: ${String(pct)} %`,
      labelPosition: index % 2 === 0 ? 'below' : 'above',
    }));
}

export interface KeyItem {
  label: string;
  color: string;
  /** CSS border style of the sample line. */
  line: 'solid' | 'dashed' | 'dotted';
}

/** The chart key, shown in HTML (larger and readable by screen readers). */
export function chartKey(measure: Measure): KeyItem[] {
  const name = MEASURE_LABELS[measure];
  return [
    {
      label: `${name}, intention to treat (this clinic)`,
      color: OUTCOME_COLORS.itt,
      line: 'solid',
    },
    {
      label: `${name}, completers (this clinic)`,
      color: OUTCOME_COLORS.completers,
      line: 'dashed',
    },
    {
      label: 'Published reference (other studies)',
      color: OUTCOME_COLORS.reference,
      line: 'dotted',
    },
  ];
}

/** "Perceptual disturbance (mild)" from the server's key "perceptual_disturbance (mild)". */
export function countKeyLabel(key: string): string {
  const text = key.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Most frequent first. */
export function sortPer100(items: readonly CountPer100Dto[]): CountPer100Dto[] {
  return [...items].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
