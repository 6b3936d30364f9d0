import { mergeThresholds, DEFAULT_THRESHOLDS } from './thresholds';
import {
  isFullObservationSet,
  missingFromFullSet,
  type VitalKey,
  type VitalContext,
  vitalMark,
} from './vital-signs';

const FULL = { systolic: 124, diastolic: 78, heartRate: 76, spo2: 98, moaas: 5 };

describe('isFullObservationSet: BP, heart rate, SpO2 and MOAA/S in one reading', () => {
  it.each<[string, Record<string, number | null>, boolean, string[]]>([
    ['all four', FULL, true, []],
    ['all four plus RR and CADSS-6', { ...FULL, respiratoryRate: 14, cadss6Total: 0 }, true, []],
    ['heart rate only', { heartRate: 90 }, false, ['BP', 'SpO2', 'MOAA/S']],
    ['no diastolic', { ...FULL, diastolic: null }, false, ['BP']],
    ['no SpO2', { ...FULL, spo2: null }, false, ['SpO2']],
    ['no MOAA/S', { ...FULL, moaas: null }, false, ['MOAA/S']],
    ['no heart rate', { ...FULL, heartRate: null }, false, ['HR']],
    ['MOAA/S 0 counts (a value, not missing)', { ...FULL, moaas: 0 }, true, []],
  ])('%s -> %s', (_label, reading, expected, missing) => {
    expect(isFullObservationSet(reading)).toBe(expected);
    expect(missingFromFullSet(reading)).toEqual(missing);
  });
});

describe('vitalMark: the limits of CLINICAL.md s4 (and s3 discharge SpO2) with default thresholds', () => {
  it.each<
    [string, VitalKey, number | [number, number], VitalContext, [string, string, string] | null]
  >([
    ['BP 188/112', 'bp', [188, 112], {}, ['critical', 'Severe, ≥ 180/110', 'bp.severe']],
    [
      'BP 180/80 (systolic at the limit)',
      'bp',
      [180, 80],
      {},
      ['critical', 'Severe, ≥ 180/110', 'bp.severe'],
    ],
    [
      'BP 150/110 (diastolic at the limit)',
      'bp',
      [150, 110],
      {},
      ['critical', 'Severe, ≥ 180/110', 'bp.severe'],
    ],
    ['BP 179/109', 'bp', [179, 109], {}, null],
    ['BP 89/60', 'bp', [89, 60], {}, ['warning', 'Low, < 90/50', 'bp.hypotension']],
    ['BP 90/50', 'bp', [90, 50], {}, null],
    [
      'BP 145/85 pre-dose',
      'bp',
      [145, 85],
      { preDose: true },
      ['warning', 'High pre-dose, > 140/90', 'bp.predose_elevated'],
    ],
    ['BP 140/90 pre-dose', 'bp', [140, 90], { preDose: true }, null],
    ['BP 145/85 after the dose', 'bp', [145, 85], {}, null],
    [
      'BP 165/80 after 124/78 pre-dose',
      'bp',
      [165, 80],
      { preDoseBp: { systolic: 124, diastolic: 78 } },
      ['warning', 'Rise +41/+2 over pre-dose', 'bp.rise'],
    ],
    [
      'BP 160/100 after 124/78 pre-dose',
      'bp',
      [160, 100],
      { preDoseBp: { systolic: 124, diastolic: 78 } },
      null,
    ],
    ['HR 121', 'heartRate', 121, {}, ['warning', 'High, > 120', 'hr.tachycardia']],
    ['HR 120', 'heartRate', 120, {}, null],
    ['HR 49', 'heartRate', 49, {}, ['warning', 'Low, < 50', 'hr.bradycardia']],
    ['HR 50', 'heartRate', 50, {}, null],
    ['SpO2 85', 'spo2', 85, {}, ['critical', 'Low, < 92', 'respiratory.depression']],
    ['SpO2 92', 'spo2', 92, {}, ['warning', 'Below 94 for discharge', 'discharge.spo2Min']],
    ['SpO2 94', 'spo2', 94, {}, null],
    ['RR 9', 'respiratoryRate', 9, {}, ['critical', 'Low, < 10', 'respiratory.depression']],
    ['RR 10', 'respiratoryRate', 10, {}, null],
    ['MOAA/S 1', 'moaas', 1, {}, ['critical', 'Deep sedation, ≤ 1', 'sedation.deep']],
    ['MOAA/S 3', 'moaas', 3, {}, ['warning', 'Moderate sedation, ≤ 3', 'sedation.moderate']],
    ['MOAA/S 4', 'moaas', 4, {}, null],
    ['CADSS-6 12', 'cadss6Total', 12, {}, ['warning', 'Marked, ≥ 12', 'dissociation.marked']],
    ['CADSS-6 11', 'cadss6Total', 11, {}, null],
    [
      'CADSS-6 4 with an item 4',
      'cadss6Total',
      4,
      { cadss6: [4, 0, 0, 0, 0, 0] },
      ['warning', 'Marked, an item = 4', 'dissociation.marked'],
    ],
  ])('%s', (_label, key, value, context, expected) => {
    const mark = vitalMark(key, value, DEFAULT_THRESHOLDS, context);
    expect(mark === null ? null : [mark.level, mark.text, mark.rule]).toEqual(expected);
  });

  it("follows the clinic's thresholds", () => {
    const t = mergeThresholds({ bp: { severeSystolic: 170 }, respiratory: { spo2Below: 90 } });
    expect(vitalMark('bp', [172, 90], t)?.text).toBe('Severe, ≥ 170/110');
    expect(vitalMark('spo2', 91, t)).toMatchObject({ level: 'warning', rule: 'discharge.spo2Min' });
  });
});
