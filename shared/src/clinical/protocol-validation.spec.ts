import { BUILT_IN_PROTOCOLS } from './protocols';
import { protocolErrors, type ProtocolNumbers } from './protocol-validation';

const iv: ProtocolNumbers = {
  drug: 'ketamine',
  route: 'iv',
  induction: { sessions: 6, withinDays: 21, maxPerWeek: 3, minDaysBetween: 1 },
  maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
  dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6], max: 0.75 },
};
const esk: ProtocolNumbers = {
  drug: 'esketamine',
  route: 'intranasal',
  induction: { sessions: 8, withinDays: 28, maxPerWeek: 2 },
  maintenance: null,
  dosePlan: { unit: 'mg', first: 56, steps: [56, 84], max: 84 },
};

describe('protocolErrors (CLINICAL.md s8, s2 limits; API.md Treatment courses)', () => {
  it.each(BUILT_IN_PROTOCOLS.map((p) => [p.name, p] as const))(
    'the built-in %s is valid',
    (_name, p) => {
      expect(protocolErrors(p)).toEqual([]);
    },
  );

  it.each<[string, ProtocolNumbers, Parameters<typeof protocolErrors>[1], string[]]>([
    ['valid IV protocol', iv, undefined, []],
    ['valid esketamine without maintenance', esk, undefined, []],
    [
      '0 sessions',
      { ...iv, induction: { ...iv.induction, sessions: 0 } },
      undefined,
      ['induction.sessions must be a whole number of at least 1'],
    ],
    [
      'withinDays 0',
      { ...iv, induction: { ...iv.induction, withinDays: 0 } },
      undefined,
      ['induction.withinDays must be a whole number of at least 1'],
    ],
    [
      'maxPerWeek above 7',
      { ...iv, induction: { ...iv.induction, maxPerWeek: 8 } },
      undefined,
      ['induction.maxPerWeek must be a whole number from 1 to 7'],
    ],
    [
      'maintenance maxPerWeek 0 and minDaysBetween 29',
      { ...iv, maintenance: { maxPerWeek: 0, minDaysBetween: 29 } },
      undefined,
      [
        'maintenance.maxPerWeek must be a whole number from 1 to 7',
        'maintenance.minDaysBetween must be a whole number from 0 to 28',
      ],
    ],
    [
      'induction minDaysBetween -1',
      { ...iv, induction: { ...iv.induction, minDaysBetween: -1 } },
      undefined,
      ['induction.minDaysBetween must be a whole number from 0 to 28'],
    ],
    [
      'first dose 0',
      { ...iv, dosePlan: { ...iv.dosePlan, first: 0 } },
      undefined,
      ['dosePlan.first must be greater than 0'],
    ],
    [
      'a step above max',
      { ...iv, dosePlan: { ...iv.dosePlan, steps: [0.5, 0.8], max: 0.75 } },
      undefined,
      ['dosePlan.steps.1 (0.8 mg/kg) must not be above dosePlan.max (0.75 mg/kg)'],
    ],
    [
      'first above max',
      { ...esk, dosePlan: { unit: 'mg', first: 84, steps: [], max: 56 } },
      undefined,
      ['dosePlan.first (84 mg) must not be above dosePlan.max (56 mg)'],
    ],
    // s2: IV ketamine usual maximum 0.75 mg/kg
    [
      'max above the usual maximum of s2',
      { ...iv, dosePlan: { ...iv.dosePlan, max: 0.9 } },
      undefined,
      ['dosePlan.max 0.9 mg/kg is above the usual maximum of 0.75 mg/kg for ketamine iv'],
    ],
    // s2 v2: the clinic's lowered usual maximum applies
    [
      "first dose above the clinic's lowered usual maximum",
      { ...esk, dosePlan: { unit: 'mg', first: 84, steps: [56], max: 84 } },
      { 'esketamine.intranasal': { usualMax: 56, sanityMax: 112 } },
      [
        "dosePlan.first 84 mg is above the clinic's usual maximum of 56 mg for esketamine intranasal",
        "dosePlan.max 84 mg is above the clinic's usual maximum of 56 mg for esketamine intranasal",
      ],
    ],
    // s2: oral ketamine has no usual flag: its sanity maximum (7 mg/kg) is the ceiling
    [
      'oral ketamine up to the sanity maximum',
      {
        ...iv,
        route: 'oral',
        dosePlan: { unit: 'mg_per_kg', first: 1, steps: [2], max: 7.5 },
      },
      undefined,
      ['dosePlan.max 7.5 mg/kg is above the sanity maximum of 7 mg/kg for ketamine oral'],
    ],
    [
      'unit must match the drug',
      { ...esk, dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [], max: 0.5 } },
      undefined,
      ['dosePlan.unit must be mg for esketamine'],
    ],
    [
      'esketamine is intranasal only',
      { ...esk, route: 'iv' },
      undefined,
      ['route must be intranasal for esketamine'],
    ],
  ])('%s', (_name, protocol, limits, errors) => {
    expect(protocolErrors(protocol, limits)).toEqual(errors);
  });
});
