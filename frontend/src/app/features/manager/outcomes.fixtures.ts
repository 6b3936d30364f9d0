/** Test data for the manager specs (no Jest API here; nothing in the app imports it). */
import type { OutcomesBySessionDto, OutcomesDto, RateDto } from '@clinic/shared';

export const rateOf = (numerator: number, denominator: number, pct: number | null): RateDto => ({
  numerator,
  denominator,
  pct,
});

export function aSessionRow(
  sessionNumber: number,
  overrides: Partial<OutcomesBySessionDto> = {},
): OutcomesBySessionDto {
  return {
    sessionNumber,
    responseItt: rateOf(0, 40, 0),
    remissionItt: rateOf(0, 40, 0),
    responseCompleters: rateOf(0, 40, 0),
    remissionCompleters: rateOf(0, 40, 0),
    notYetReached: 0,
    ...overrides,
  };
}

export function anOutcomes(overrides: Partial<OutcomesDto> = {}): OutcomesDto {
  return {
    filters: {
      clinicId: null,
      from: null,
      to: null,
      drug: null,
      route: null,
      clinicianId: null,
      protocolId: null,
      kind: null,
    },
    cohortPatients: 40,
    cohortCourses: 40,
    baselineBelow10: 0,
    noBaseline: 0,
    sessions: 212,
    bySessionNumber: [
      aSessionRow(1, {
        responseItt: rateOf(8, 40, 20),
        responseCompleters: rateOf(8, 40, 20),
        remissionItt: rateOf(2, 40, 5),
        remissionCompleters: rateOf(2, 40, 5),
      }),
      aSessionRow(2, {
        responseItt: rateOf(12, 40, 30),
        responseCompleters: rateOf(12, 36, 33.3),
        remissionItt: rateOf(5, 40, 12.5),
        remissionCompleters: rateOf(5, 36, 13.9),
      }),
      aSessionRow(3, {
        responseItt: rateOf(0, 40, 0),
        responseCompleters: rateOf(0, 0, null),
        remissionItt: rateOf(0, 40, 0),
        remissionCompleters: rateOf(0, 0, null),
      }),
    ],
    medianSessionsToFirstResponse: 3,
    medianDaysToFirstResponse: 9.5,
    responders: 21,
    dropout: rateOf(6, 40, 15),
    followUp24h: rateOf(150, 200, 75),
    followUp72h: rateOf(120, 200, 60),
    sideEffectsPer100: [
      { key: 'nausea (mild)', count: 12, per100Sessions: 5.7 },
      { key: 'perceptual_disturbance (moderate)', count: 30, per100Sessions: 14.2 },
    ],
    flagsPer100: [{ key: 'hemodynamic (critical)', count: 3, per100Sessions: 1.4 }],
    references: [
      {
        label: 'Oliver 2022, after 6 infusions (n=424)',
        source: 'J Clin Psychiatry 83(6):21m14336',
        responsePct: 50,
        remissionPct: 20,
        when: 'after 6 infusions',
      },
      {
        label: 'Esketamine TRANSFORM-2 (MADRS)',
        source: 'TRANSFORM-2, day 28',
        responsePct: 69.3,
        remissionPct: null,
        when: 'day 28',
      },
    ],
    ...overrides,
  };
}
