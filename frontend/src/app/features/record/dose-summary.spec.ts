import { doseLimitsText, routesFor, summarizeDose } from './dose-summary';

describe('routesFor', () => {
  it('offers esketamine intranasally only, and ketamine by the routes of the dose table', () => {
    expect(routesFor('esketamine')).toEqual(['intranasal']);
    expect(routesFor('ketamine')).toEqual(['iv', 'im', 'oral', 'sublingual']);
  });
});

describe('doseLimitsText', () => {
  it.each([
    [
      'ketamine',
      'iv',
      'usual 0.5 mg/kg over 40 min (range used 0.1-0.75 mg/kg); above 0.75 mg/kg is flagged; above 1.0 mg/kg is refused',
    ],
    [
      'ketamine',
      'im',
      'usual 0.5-1.0 mg/kg (poorly documented); above 1.0 mg/kg is flagged; above 2.0 mg/kg is refused',
    ],
    ['ketamine', 'oral', 'usual 0.25-7 mg/kg; above 7.0 mg/kg is refused'],
    [
      'esketamine',
      'intranasal',
      'usual 56 or 84 mg (28 mg devices; 28 mg start at age >= 65); above 84 mg is flagged; above 112 mg is refused; a dose that is not a multiple of 28 mg is flagged',
    ],
  ] as const)('%s %s', (drug, route, expected) => {
    expect(doseLimitsText(drug, route)).toBe(expected);
  });
});

describe('summarizeDose', () => {
  it.each([
    // dose, weight, amount, warnings, errors
    [35, 70, '0.50 mg/kg', 0, 0],
    [52.5, 70, '0.75 mg/kg', 0, 0],
    [56, 70, '0.80 mg/kg', 1, 0],
    [70, 70, '1.00 mg/kg', 1, 0],
    [71, 70, '1.014 mg/kg', 0, 1],
  ])('ketamine IV %p mg at %p kg: %s', (doseMg, weightKg, amount, warnings, errors) => {
    const summary = summarizeDose('ketamine', 'iv', doseMg, weightKg);
    expect(summary.amount).toBe(amount);
    expect(summary.warnings).toHaveLength(warnings);
    expect(summary.errors).toHaveLength(errors);
  });

  it('words the checks of checkDose for a clinician', () => {
    expect(summarizeDose('ketamine', 'iv', 71, 70).errors).toEqual([
      'Dose 1.014 mg/kg exceeds the sanity maximum of 1 mg/kg for IV ketamine',
    ]);
    expect(summarizeDose('ketamine', 'iv', 56, 70).warnings).toEqual([
      '0.8 mg/kg is above the usual maximum of 0.75 mg/kg for IV ketamine',
    ]);
    expect(summarizeDose('ketamine', 'iv', 35, null).errors).toEqual([
      'Weight is required for weight-based ketamine dosing (no weight on the session or the patient)',
    ]);
  });

  it('shows esketamine in mg, flagging doses above 84 mg or off the 28 mg device', () => {
    expect(summarizeDose('esketamine', 'intranasal', 56, 70)).toMatchObject({
      amount: '56 mg',
      warnings: [],
      errors: [],
    });
    expect(summarizeDose('esketamine', 'intranasal', 90, 70).warnings).toEqual([
      '90 mg is above the usual maximum of 84 mg for intranasal esketamine',
      '90 mg is not a multiple of the 28 mg esketamine device',
    ]);
    expect(summarizeDose('esketamine', 'intranasal', 140, 70).errors).toHaveLength(1);
  });

  it('shows nothing but the limits before a dose is typed', () => {
    expect(summarizeDose('ketamine', 'iv', null, 70)).toEqual({
      amount: null,
      limits: doseLimitsText('ketamine', 'iv'),
      warnings: [],
      errors: [],
    });
  });
});
