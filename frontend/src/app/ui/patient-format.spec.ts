import { ageInYears, patientDisplayName, rangeLabel, weightLabel } from './patient-format';

describe('ageInYears', () => {
  it.each([
    ['1974-04-09', '2026-11-27', 52],
    ['1974-11-27', '2026-11-27', 52],
    ['1974-11-28', '2026-11-27', 51],
    ['1974-12-01', '2026-11-27', 51],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('born %s, on %s: %i', (birthDate, today, age) => {
    expect(ageInYears(birthDate, new Date(`${today}T12:00:00Z`))).toBe(age);
  });
});

describe('patient labels', () => {
  it('reads names family first, weights in kg, ranges with an en dash', () => {
    expect(patientDisplayName({ familyName: 'Nettle', givenName: 'Max' })).toBe('Nettle, Max');
    expect(weightLabel(96.25)).toBe('96.3 kg');
    expect(weightLabel(null)).toBeNull();
    expect(rangeLabel(50, 30, 80)).toBe('51–80 of 80');
  });
});
