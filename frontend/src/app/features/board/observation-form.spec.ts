import { OBSERVATION_EMPTY_MESSAGE } from '@clinic/shared';

import {
  type ObservationFormValue,
  emptyObservationForm,
  measurements,
  observationRequest,
  placeMessages,
  recordedAt,
  validateObservationForm,
} from './observation-form';

const form = (change: Partial<ObservationFormValue>): ObservationFormValue => ({
  ...emptyObservationForm(),
  ...change,
});

describe('measurements: what the nurse typed, as the shared checks take it', () => {
  it.each([
    ['nothing', {}, {}],
    [
      'numbers, spaces trimmed',
      { systolic: ' 186 ', diastolic: '104' },
      { systolic: 186, diastolic: 104 },
    ],
    ['text that is not a number', { heartRate: 'abc' }, { heartRate: Number.NaN }],
    ['MOAA/S 0 is a value', { moaas: 0 }, { moaas: 0 }],
    [
      'a partly answered CADSS-6 keeps its gaps',
      { cadss: ['1', '', '0', '0', '0', '0'] },
      { cadss6: [1, null, 0, 0, 0, 0] },
    ],
  ] as [string, Partial<ObservationFormValue>, object][])('%s', (_case, change, expected) => {
    expect(measurements(form(change))).toEqual(expected);
  });
});

describe('validateObservationForm: the shared plausibility checks, beside their fields', () => {
  it.each([
    ['a valid BP', { systolic: '186', diastolic: '104' }, {}],
    [
      'nothing entered',
      {},
      {
        form: [
          'Enter at least one measurement: BP, heart rate, SpO₂, respiratory rate, MOAA/S or CADSS-6.',
        ],
      },
    ],
    [
      'systolic out of range',
      { systolic: '400', diastolic: '90' },
      { systolic: ['Systolic BP must be a whole number from 50 to 300'] },
    ],
    [
      'only systolic',
      { systolic: '120' },
      { diastolic: ['Enter both systolic and diastolic BP.'] },
    ],
    [
      'only diastolic',
      { diastolic: '80' },
      { systolic: ['Enter both systolic and diastolic BP.'] },
    ],
    [
      'diastolic not below systolic',
      { systolic: '90', diastolic: '95' },
      { diastolic: ['Diastolic BP must be lower than systolic'] },
    ],
    [
      'a decimal heart rate',
      { heartRate: '72.5' },
      { heartRate: ['Heart rate must be a whole number from 20 to 250'] },
    ],
    ['SpO2 above 100', { spo2: '101' }, { spo2: ['SpO₂ must be a whole number from 50 to 100'] }],
    [
      'respiratory rate as text',
      { respiratoryRate: 'x' },
      { respiratoryRate: ['Respiratory rate must be a whole number from 2 to 60'] },
    ],
    [
      'CADSS item 7 (the 4th) missing, item 22 (the 6th) 5',
      { cadss: ['0', '0', '0', '', '0', '5'] },
      {
        'cadss.3': ['CADSS item 7 must be a whole number from 0 to 4'],
        'cadss.5': ['CADSS item 22 must be a whole number from 0 to 4'],
      },
    ],
  ] as [string, Partial<ObservationFormValue>, object][])('%s', (_case, change, expected) => {
    expect(validateObservationForm(form(change))).toEqual(expected);
  });
});

describe('placeMessages: the server’s 400 messages beside their fields too', () => {
  it.each([
    [
      ['systolic must not be greater than 300'],
      { systolic: ['Systolic BP must not be greater than 300'] },
    ],
    [['recordedAt must not be in the future'], { time: ['Time must not be in the future'] }],
    [['The session is already discharged'], { form: ['The session is already discharged'] }],
    [[OBSERVATION_EMPTY_MESSAGE], { form: [expect.stringContaining('at least one measurement')] }],
  ])('%j', (messages, expected) => {
    expect(placeMessages(messages, emptyObservationForm())).toEqual(expected);
  });
});

describe('recordedAt', () => {
  const now = new Date('2026-11-26T14:05:30.000Z'); // tests run in UTC

  it.each([
    ['empty: now, to the second', '', '2026-11-26T14:05:30.000Z'],
    ['a time earlier today', '13:40', '2026-11-26T13:40:00.000Z'],
    ['up to 5 min ahead (clock skew)', '14:10', '2026-11-26T14:10:00.000Z'],
    ['later than that', '14:11', null],
    ['not a time', '1:5', null],
  ])('%s', (_case, time, expected) => {
    expect(recordedAt(time, now)).toBe(expected);
  });

  it.each([
    // The clinic's wall clock, wherever the tablet is: New York is UTC-5 in November.
    ['America/New_York', '09:05', '2026-11-26T14:05:00.000Z'],
    ['America/New_York', '09:11', null],
    ['Europe/London', '14:05', '2026-11-26T14:05:00.000Z'],
    // Just after midnight in Sydney (UTC+11): "today" is the clinic's 27 Nov.
    ['Australia/Sydney', '01:00', '2026-11-26T14:00:00.000Z'],
  ])('in %s, %s is %s', (timeZone, time, expected) => {
    expect(recordedAt(time, now, timeZone)).toBe(expected);
  });
});

describe('observationRequest', () => {
  it('sends only what was measured, as numbers', () => {
    expect(
      observationRequest(
        form({
          systolic: '186',
          diastolic: '104',
          moaas: 5,
          cadss: ['0', '1', '0', '2', '0', '0'],
        }),
        '2026-11-26T14:05:00.000Z',
      ),
    ).toEqual({
      recordedAt: '2026-11-26T14:05:00.000Z',
      systolic: 186,
      diastolic: 104,
      moaas: 5,
      cadss6: [0, 1, 0, 2, 0, 0],
    });
  });
});
