import type { Drug, Route } from '../api/enums';
import {
  DOSE_LIMITS,
  ESKETAMINE_DEVICE_MG,
  checkDose,
  doseMgPerKg,
  effectiveDoseLimit,
  infusionErrors,
} from './dosing';

describe('DOSE_LIMITS (CLINICAL.md s2)', () => {
  it.each([
    ['ketamine.iv', 'mg_per_kg', 0.75, 1],
    ['ketamine.im', 'mg_per_kg', 1, 2],
    ['ketamine.oral', 'mg_per_kg', null, 7],
    ['ketamine.sublingual', 'mg_per_kg', null, 7],
    ['esketamine.intranasal', 'mg', 84, 112],
  ] as const)('%s: %s, usual max %p, sanity max %p', (key, basis, usualMax, sanityMax) => {
    expect(DOSE_LIMITS[key]).toMatchObject({ basis, usualMax, sanityMax });
    expect(DOSE_LIMITS[key].source).not.toBe('');
  });

  it('uses 28 mg esketamine devices', () => {
    expect(ESKETAMINE_DEVICE_MG).toBe(28);
  });
});

describe('doseMgPerKg (3 decimals, half up)', () => {
  it.each([
    [35, 70, 0.5],
    [52.5, 70, 0.75],
    [40, 75, 0.533],
    [1, 16, 0.063], // 0.0625
    [100, 3, 33.333],
    [84, 70, 1.2],
    [70, null, null],
    [70, undefined, null],
    [70, 0, null],
  ])('%p mg / %p kg -> %p', (dose, weight, expected) => {
    expect(doseMgPerKg(dose, weight)).toBe(expected);
  });
});

interface Case {
  drug: Drug;
  route: Route;
  doseMg: number;
  weightKg: number | null;
}

const ketamineIv = (doseMg: number, weightKg: number | null = 80): Case => ({
  drug: 'ketamine',
  route: 'iv',
  doseMg,
  weightKg,
});

describe('checkDose', () => {
  it.each<[string, Case, number | null, string[], string[]]>([
    // ketamine IV, 80 kg: usual max 0.75 mg/kg = 60 mg, sanity max 1.0 mg/kg = 80 mg
    ['IV 0.5 mg/kg', ketamineIv(40), 0.5, [], []],
    ['IV 0.749 mg/kg', ketamineIv(59.92), 0.749, [], []],
    ['IV exactly 0.75 mg/kg: no flag', ketamineIv(60), 0.75, [], []],
    [
      'IV 0.751 mg/kg',
      ketamineIv(60.08),
      0.751,
      [],
      ['0.751 mg/kg is above the usual maximum of 0.75 mg/kg for ketamine iv'],
    ],
    [
      'IV 0.8 mg/kg',
      ketamineIv(64),
      0.8,
      [],
      ['0.8 mg/kg is above the usual maximum of 0.75 mg/kg for ketamine iv'],
    ],
    [
      'IV exactly 1.0 mg/kg: accepted, flagged',
      ketamineIv(80),
      1,
      [],
      ['1 mg/kg is above the usual maximum of 0.75 mg/kg for ketamine iv'],
    ],
    [
      'IV 1.000375 mg/kg rounds to 1.0: accepted',
      ketamineIv(80.03),
      1,
      [],
      ['1 mg/kg is above the usual maximum of 0.75 mg/kg for ketamine iv'],
    ],
    [
      'IV 1.0005 mg/kg rounds half up to 1.001: refused',
      ketamineIv(80.04),
      1.001,
      ['doseMg 1.001 mg/kg exceeds the sanity maximum of 1 mg/kg for ketamine iv'],
      [],
    ],
    [
      'IV 1.25 mg/kg',
      ketamineIv(100),
      1.25,
      ['doseMg 1.25 mg/kg exceeds the sanity maximum of 1 mg/kg for ketamine iv'],
      [],
    ],
    [
      'IV without weight',
      ketamineIv(40, null),
      null,
      [
        'weightKg is required for weight-based ketamine dosing (no weight on the session or the patient)',
      ],
      [],
    ],
    [
      'IV with an implausible weight',
      ketamineIv(10, 10),
      1,
      ['weightKg must be a number from 20 to 400'],
      [],
    ],
    // ketamine IM, 50 kg: usual max 1.0 mg/kg = 50 mg, sanity max 2.0 mg/kg = 100 mg
    [
      'IM exactly 1.0 mg/kg',
      { drug: 'ketamine', route: 'im', doseMg: 50, weightKg: 50 },
      1,
      [],
      [],
    ],
    [
      'IM 1.02 mg/kg',
      { drug: 'ketamine', route: 'im', doseMg: 51, weightKg: 50 },
      1.02,
      [],
      ['1.02 mg/kg is above the usual maximum of 1 mg/kg for ketamine im'],
    ],
    [
      'IM exactly 2.0 mg/kg',
      { drug: 'ketamine', route: 'im', doseMg: 100, weightKg: 50 },
      2,
      [],
      ['2 mg/kg is above the usual maximum of 1 mg/kg for ketamine im'],
    ],
    [
      'IM 2.02 mg/kg',
      { drug: 'ketamine', route: 'im', doseMg: 101, weightKg: 50 },
      2.02,
      ['doseMg 2.02 mg/kg exceeds the sanity maximum of 2 mg/kg for ketamine im'],
      [],
    ],
    // oral / sublingual, 60 kg: sanity max 7 mg/kg = 420 mg, no usual flag
    [
      'oral 6.983 mg/kg',
      { drug: 'ketamine', route: 'oral', doseMg: 419, weightKg: 60 },
      6.983,
      [],
      [],
    ],
    [
      'oral exactly 7 mg/kg',
      { drug: 'ketamine', route: 'oral', doseMg: 420, weightKg: 60 },
      7,
      [],
      [],
    ],
    [
      'oral 7.017 mg/kg',
      { drug: 'ketamine', route: 'oral', doseMg: 421, weightKg: 60 },
      7.017,
      ['doseMg 7.017 mg/kg exceeds the sanity maximum of 7 mg/kg for ketamine oral'],
      [],
    ],
    [
      'sublingual exactly 7 mg/kg',
      { drug: 'ketamine', route: 'sublingual', doseMg: 420, weightKg: 60 },
      7,
      [],
      [],
    ],
    [
      'sublingual 7.017 mg/kg',
      { drug: 'ketamine', route: 'sublingual', doseMg: 421, weightKg: 60 },
      7.017,
      ['doseMg 7.017 mg/kg exceeds the sanity maximum of 7 mg/kg for ketamine sublingual'],
      [],
    ],
    // esketamine intranasal: flag > 84 mg or not a multiple of 28 mg, refuse > 112 mg
    [
      'esketamine 28 mg',
      { drug: 'esketamine', route: 'intranasal', doseMg: 28, weightKg: null },
      null,
      [],
      [],
    ],
    [
      'esketamine 56 mg',
      { drug: 'esketamine', route: 'intranasal', doseMg: 56, weightKg: 70 },
      0.8,
      [],
      [],
    ],
    [
      'esketamine 84 mg: no flag',
      { drug: 'esketamine', route: 'intranasal', doseMg: 84, weightKg: 70 },
      1.2,
      [],
      [],
    ],
    [
      'esketamine 112 mg: accepted, flagged',
      { drug: 'esketamine', route: 'intranasal', doseMg: 112, weightKg: null },
      null,
      [],
      ['112 mg is above the usual maximum of 84 mg for esketamine intranasal'],
    ],
    [
      'esketamine 70 mg',
      { drug: 'esketamine', route: 'intranasal', doseMg: 70, weightKg: null },
      null,
      [],
      ['70 mg is not a multiple of the 28 mg esketamine device'],
    ],
    [
      'esketamine 140 mg',
      { drug: 'esketamine', route: 'intranasal', doseMg: 140, weightKg: null },
      null,
      ['doseMg 140 mg exceeds the sanity maximum of 112 mg for esketamine intranasal'],
      [],
    ],
    [
      'esketamine 113 mg',
      { drug: 'esketamine', route: 'intranasal', doseMg: 113, weightKg: null },
      null,
      ['doseMg 113 mg exceeds the sanity maximum of 112 mg for esketamine intranasal'],
      ['113 mg is not a multiple of the 28 mg esketamine device'],
    ],
    // refusals before any limit applies
    [
      'esketamine IV',
      { drug: 'esketamine', route: 'iv', doseMg: 56, weightKg: 70 },
      0.8,
      ['route must be intranasal for esketamine'],
      [],
    ],
    [
      'ketamine intranasal (no limits in CLINICAL.md s2)',
      { drug: 'ketamine', route: 'intranasal', doseMg: 50, weightKg: 70 },
      0.714,
      ['route must be iv, im, oral or sublingual for ketamine'],
      [],
    ],
    ['zero dose', ketamineIv(0), 0, ['doseMg must be greater than 0'], []],
    ['negative dose', ketamineIv(-5), -0.063, ['doseMg must be greater than 0'], []],
    ['NaN dose', ketamineIv(Number.NaN), null, ['doseMg must be greater than 0'], []],
  ])('%s', (_label, input, perKg, errors, warnings) => {
    expect(checkDose(input)).toEqual({ errors, warnings, doseMgPerKg: perKg });
  });

  it("applies a clinic's lowering of the limits and names them as the clinic's", () => {
    const limits = { 'ketamine.iv': { usualMax: 0.5, sanityMax: 0.8 } };
    expect(checkDose({ ...ketamineIv(64), limits })).toEqual({
      errors: [],
      warnings: ["0.8 mg/kg is above the clinic's usual maximum of 0.5 mg/kg for ketamine iv"],
      doseMgPerKg: 0.8,
    });
    // just below, at and just above the clinic's sanity maximum of 0.8 mg/kg (80 kg)
    expect(checkDose({ ...ketamineIv(63.9), limits }).errors).toEqual([]);
    expect(checkDose({ ...ketamineIv(64), limits }).errors).toEqual([]);
    expect(checkDose({ ...ketamineIv(65), limits }).errors).toEqual([
      "doseMg 0.813 mg/kg exceeds the clinic's sanity maximum of 0.8 mg/kg for ketamine iv",
    ]);
    // at the clinic's usual maximum: not flagged
    expect(checkDose({ ...ketamineIv(40), limits }).warnings).toEqual([]);
  });

  it('a usual maximum equal to the sanity maximum flags nothing', () => {
    const limits = { 'ketamine.iv': { usualMax: 0.6, sanityMax: 0.6 } };
    expect(checkDose({ ...ketamineIv(48), limits })).toEqual({
      errors: [],
      warnings: [],
      doseMgPerKg: 0.6,
    });
  });

  it('esketamine limits in mg: a clinic maximum of 84 mg refuses 112 mg', () => {
    const limits = { 'esketamine.intranasal': { usualMax: 56, sanityMax: 84 } };
    const esk = (doseMg: number) =>
      checkDose({ drug: 'esketamine', route: 'intranasal', doseMg, weightKg: null, limits });
    expect(esk(56)).toEqual({ errors: [], warnings: [], doseMgPerKg: null });
    expect(esk(84).warnings).toEqual([
      "84 mg is above the clinic's usual maximum of 56 mg for esketamine intranasal",
    ]);
    expect(esk(112).errors).toEqual([
      "doseMg 112 mg exceeds the clinic's sanity maximum of 84 mg for esketamine intranasal",
    ]);
  });
});

describe('effectiveDoseLimit: a clinic can never raise a limit above CLINICAL.md s2', () => {
  it.each([
    ['no clinic limits: the table', undefined, { usualMax: 0.75, sanityMax: 1 }],
    ['lowered', { usualMax: 0.6, sanityMax: 0.9 }, { usualMax: 0.6, sanityMax: 0.9 }],
    [
      'a stored sanity maximum above s2 falls back to s2',
      { usualMax: 0.75, sanityMax: 5 },
      { usualMax: 0.75, sanityMax: 1 },
    ],
    [
      'a stored usual maximum above s2 falls back to s2',
      { usualMax: 0.9, sanityMax: 1 },
      { usualMax: 0.75, sanityMax: 1 },
    ],
    [
      'a non-positive value falls back to s2',
      { usualMax: 0, sanityMax: -1 },
      { usualMax: 0.75, sanityMax: 1 },
    ],
  ] as const)('%s', (_label, clinic, expected) => {
    const limits = clinic === undefined ? undefined : { 'ketamine.iv': clinic };
    expect(effectiveDoseLimit('ketamine.iv', limits)).toMatchObject(expected);
  });

  it('a clinic sanity maximum above s2 still refuses what s2 refuses', () => {
    const limits = { 'ketamine.iv': { usualMax: 0.75, sanityMax: 3 } };
    expect(checkDose({ ...ketamineIv(81), limits }).errors).toEqual([
      'doseMg 1.013 mg/kg exceeds the sanity maximum of 1 mg/kg for ketamine iv',
    ]);
  });

  it('oral ketamine: no usual flag unless the clinic lowers it', () => {
    expect(effectiveDoseLimit('ketamine.oral').usualMax).toBeNull();
    expect(
      effectiveDoseLimit('ketamine.oral', { 'ketamine.oral': { usualMax: 3, sanityMax: 7 } })
        .usualMax,
    ).toBe(3);
  });
});

describe('infusionMinutes (CLINICAL.md s2 v2: required for IV ketamine, 1-240)', () => {
  const required =
    'infusionMinutes is required for IV ketamine (1-240 min): minimum monitoring counts from the end of the infusion';
  const range = 'infusionMinutes must be a whole number of minutes from 1 to 240';
  it.each([
    ['IV ketamine without it', 'ketamine', 'iv', undefined, [required]],
    ['IV ketamine with null', 'ketamine', 'iv', null, [required]],
    ['IV ketamine, 0 min', 'ketamine', 'iv', 0, [range]],
    ['IV ketamine, 1 min', 'ketamine', 'iv', 1, []],
    ['IV ketamine, 40 min', 'ketamine', 'iv', 40, []],
    ['IV ketamine, 240 min', 'ketamine', 'iv', 240, []],
    ['IV ketamine, 241 min', 'ketamine', 'iv', 241, [range]],
    ['IV ketamine, 40.5 min', 'ketamine', 'iv', 40.5, [range]],
    ['IM ketamine without it', 'ketamine', 'im', undefined, []],
    ['esketamine without it', 'esketamine', 'intranasal', null, []],
  ] as const)('%s', (_label, drug, route, minutes, errors) => {
    expect(infusionErrors(drug, route, minutes)).toEqual(errors);
  });

  it('checkDose refuses IV ketamine without it only when the caller passes the field', () => {
    expect(checkDose({ ...ketamineIv(40), infusionMinutes: undefined }).errors).toEqual([required]);
    expect(checkDose({ ...ketamineIv(40), infusionMinutes: 40 }).errors).toEqual([]);
    expect(checkDose(ketamineIv(40)).errors).toEqual([]);
  });
});
