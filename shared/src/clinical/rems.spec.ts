import {
  CONCOMITANT_MEDICATION_NAMES,
  classifyConcomitantMedications,
  type RemsFormInput,
  type RemsObservationInput,
  type RemsSideEffectInput,
  REMS_ESKETAMINE_ONLY,
  remsForm,
} from './rems';
import { mergeThresholds } from './thresholds';

const START = '2026-03-02T10:00:00.000Z';
/** ISO time `minutes` after the dose start. */
const t = (minutes: number): string => new Date(Date.parse(START) + minutes * 60_000).toISOString();

const obs = (
  minutes: number,
  fields: Partial<RemsObservationInput> = {},
): RemsObservationInput => ({
  recordedAt: t(minutes),
  systolic: null,
  diastolic: null,
  spo2: null,
  respiratoryRate: null,
  moaas: null,
  cadss6Total: null,
  ...fields,
});

const bp = (minutes: number, systolic: number, diastolic: number) =>
  obs(minutes, { systolic, diastolic });

const sideEffect = (fields: Partial<RemsSideEffectInput> = {}): RemsSideEffectInput => ({
  type: 'nausea',
  severity: 'mild',
  onsetAt: t(20),
  notes: null,
  serious: false,
  seriousCriterion: null,
  ...fields,
});

/** A discharged session whose record fills every field of the form. */
function fullInput(): RemsFormInput {
  return {
    patient: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1980-04-12', sex: 'female' },
    session: {
      id: 'session-1',
      patientId: 'patient-1',
      drug: 'esketamine',
      route: 'intranasal',
      sessionNumber: 1,
      doseMg: 56,
      lotNumber: 'SPR-123',
      concomitantMedications: ['sertraline 100 mg', 'lorazepam 1 mg PRN'],
      startedAt: START,
      infusionMinutes: null,
      status: 'discharged',
      readyAt: t(90),
      dischargedAt: t(125),
    },
    previousEsketamineSessions: 0,
    observations: [
      obs(-5, { systolic: 130, diastolic: 80, spo2: 98, respiratoryRate: 14, moaas: 5 }),
      obs(40, { systolic: 150, diastolic: 92, spo2: 97, respiratoryRate: 14, moaas: 4 }),
      obs(40, { cadss6Total: 3 }),
      obs(90, { systolic: 134, diastolic: 82, spo2: 97, moaas: 5, cadss6Total: 0 }),
      obs(120, { systolic: 128, diastolic: 78, spo2: 98, moaas: 5, cadss6Total: 0 }),
    ],
    sideEffects: [
      sideEffect({
        type: 'vomiting',
        severity: 'moderate',
        onsetAt: t(35),
        notes: 'twice',
        serious: true,
        seriousCriterion: 'hospitalisation',
      }),
      sideEffect({ type: 'headache', severity: 'severe', onsetAt: t(30) }),
    ],
    now: t(24 * 60),
    record: {
      monitoringProvider: 'R. Nurse, RN',
      setting: 'Riverside Clinic',
      corrections: [],
      version: 1,
      submittedAt: null,
      submittedBy: null,
      reference: null,
    },
  };
}

/** fullInput() with some parts replaced. */
function input(
  change: Partial<Omit<RemsFormInput, 'session'>> & {
    session?: Partial<RemsFormInput['session']>;
  } = {},
): RemsFormInput {
  const base = fullInput();
  const { session, ...rest } = change;
  return { ...base, ...rest, session: { ...base.session, ...session } };
}

describe('remsForm: a complete record', () => {
  it('fills every field', () => {
    expect(remsForm(fullInput())).toEqual({
      sessionId: 'session-1',
      patient: { name: 'Ada Lovelace', birthDate: '1980-04-12', sex: 'female' },
      firstTreatment: true,
      concomitant: {
        benzodiazepines: true,
        nonBenzodiazepineSedativeHypnotics: false,
        psychostimulants: false,
        maois: false,
        opioids: false,
      },
      unclassifiedMedications: ['sertraline 100 mg'],
      dose: '56',
      doseMg: 56,
      lotNumber: 'SPR-123',
      totalMonitoringMinutes: 125,
      minutesUntilReadyToLeave: 90,
      vitalsAcceptablePreDose: true,
      vitalsAcceptableAtEnd: true,
      bp: {
        preDose: { systolic: 130, diastolic: 80, minutesSinceDose: -5 },
        at40Min: { systolic: 150, diastolic: 92, minutesSinceDose: 40 },
        end: { systolic: 128, diastolic: 78, minutesSinceDose: 120 },
      },
      sedation: true,
      dissociation: true,
      respiratoryDepression: false,
      seriousAdverseEvents: [
        'vomiting (serious: inpatient hospitalisation or its prolongation; moderate), onset 35 ' +
          'min after the dose start: twice',
      ],
      submitBy: '2026-03-09',
      overdue: false,
      complete: true,
      missing: [],
      patientId: 'patient-1',
      sessionNumber: 1,
      startedAt: START,
      monitoringProvider: 'R. Nurse, RN',
      setting: 'Riverside Clinic',
      corrections: [],
      version: 1,
      submittedAt: null,
      submittedBy: null,
      submittedByName: null,
      reference: null,
      deadline: '2026-03-09T10:00:00.000Z',
    });
  });

  it('refuses a ketamine session', () => {
    expect(() => remsForm(input({ session: { drug: 'ketamine', route: 'iv' } }))).toThrow(
      REMS_ESKETAMINE_ONLY,
    );
  });
});

describe('remsForm: patient and first treatment', () => {
  it.each([
    [0, true],
    [1, false],
    [7, false],
  ])('%p earlier esketamine sessions -> firstTreatment %p', (previous, expected) => {
    expect(remsForm(input({ previousEsketamineSessions: previous })).firstTreatment).toBe(expected);
  });

  it('lists an unknown sex as missing', () => {
    const base = fullInput();
    const form = remsForm({ ...base, patient: { ...base.patient, sex: 'unknown' } });
    expect(form.patient.sex).toBe('unknown');
    expect(form.missing).toEqual(['patient.sex']);
    expect(form.complete).toBe(false);
  });
});

describe('remsForm: pre-dose vitals (acceptable at or below 140/90)', () => {
  it.each([
    ['120/80', true, 120, 80],
    ['140/90 (at the limit)', true, 140, 90],
    ['141/90 (systolic above)', false, 141, 90],
    ['140/91 (diastolic above)', false, 140, 91],
    ['150/95', false, 150, 95],
  ])('pre-dose %s -> acceptable %p', (_case, acceptable, systolic, diastolic) => {
    const observations = [bp(-5, systolic, diastolic), ...fullInput().observations.slice(1)];
    const form = remsForm(input({ observations }));
    expect(form.vitalsAcceptablePreDose).toBe(acceptable);
    expect(form.bp.preDose).toEqual({ systolic, diastolic, minutesSinceDose: -5 });
  });

  it.each([
    ['the last BP at or before the dose start', [bp(-20, 150, 95), bp(0, 132, 84)], 0, true],
    ['a reading without BP is skipped', [bp(-20, 150, 95), obs(-2, { moaas: 5 })], -20, false],
  ])('uses %s', (_case, pre, minutes, acceptable) => {
    const observations = [...pre, ...fullInput().observations.slice(1)];
    const form = remsForm(input({ observations }));
    expect(form.bp.preDose?.minutesSinceDose).toBe(minutes);
    expect(form.vitalsAcceptablePreDose).toBe(acceptable);
  });

  it('follows a clinic threshold', () => {
    const thresholds = mergeThresholds({ bp: { predoseSystolic: 150 } });
    const observations = [bp(-5, 145, 85), ...fullInput().observations.slice(1)];
    expect(remsForm(input({ observations, thresholds })).vitalsAcceptablePreDose).toBe(true);
    expect(remsForm(input({ observations })).vitalsAcceptablePreDose).toBe(false);
  });

  it('is null and missing without a pre-dose BP', () => {
    const form = remsForm(input({ observations: fullInput().observations.slice(1) }));
    expect(form.vitalsAcceptablePreDose).toBeNull();
    expect(form.bp.preDose).toBeNull();
    expect(form.missing).toEqual(['vitalsAcceptablePreDose', 'bp.preDose']);
  });
});

describe('remsForm: BP at 40 min (nearest 40 within 30-50 min)', () => {
  it.each([
    // [case, post-dose BP readings at these minutes, the minute picked or null]
    ['exactly 40', [15, 40, 60], 40],
    ['38 is nearer than 45', [38, 45], 38],
    ['43 is nearer than 35', [35, 43], 43],
    ['a tie goes to the earlier reading', [36, 44], 36],
    ['30, the window start', [20, 30, 55], 30],
    ['50, the window end', [25, 50, 60], 50],
    ['none at 29 or 51', [29, 51], null],
    ['no reading in the window', [15, 90], null],
  ])('%s', (_case, minutes, picked) => {
    const observations = [bp(-5, 130, 80), ...minutes.map((m) => bp(m, 100 + m, 70))];
    const form = remsForm(input({ observations }));
    if (picked === null) {
      expect(form.bp.at40Min).toBeNull();
      expect(form.missing).toContain('bp.at40Min');
    } else {
      expect(form.bp.at40Min).toEqual({
        systolic: 100 + picked,
        diastolic: 70,
        minutesSinceDose: picked,
      });
      expect(form.missing).not.toContain('bp.at40Min');
    }
  });

  it('ignores readings without BP and counts whole minutes (50 min 59 s is 50)', () => {
    const observations = [
      bp(-5, 130, 80),
      obs(40, { moaas: 4 }),
      obs(50 + 59 / 60, { systolic: 160, diastolic: 95 }),
    ];
    expect(remsForm(input({ observations })).bp.at40Min).toEqual({
      systolic: 160,
      diastolic: 95,
      minutesSinceDose: 50,
    });
  });
});

describe('remsForm: vitals at the end (latest post-dose BP < 180/110 and SpO2 >= 94)', () => {
  it.each([
    ['128/78, SpO2 98', true, 128, 78, 98],
    ['179/109, SpO2 94 (just inside)', true, 179, 109, 94],
    ['180/100 (systolic not below 180)', false, 180, 100, 98],
    ['170/110 (diastolic not below 110)', false, 170, 110, 98],
    ['130/80, SpO2 93', false, 130, 80, 93],
  ])('%s -> acceptable %p', (_case, acceptable, systolic, diastolic, spo2) => {
    const observations = [
      ...fullInput().observations.slice(0, 4),
      obs(120, { systolic, diastolic, spo2 }),
    ];
    const form = remsForm(input({ observations }));
    expect(form.vitalsAcceptableAtEnd).toBe(acceptable);
    expect(form.bp.end).toEqual({ systolic, diastolic, minutesSinceDose: 120 });
  });

  it('takes the latest BP and the latest SpO2 even from different readings', () => {
    const observations = [
      bp(-5, 130, 80),
      obs(100, { systolic: 132, diastolic: 80, spo2: 91 }),
      obs(115, { spo2: 96 }),
      obs(120, { moaas: 5 }),
    ];
    const form = remsForm(input({ observations }));
    expect(form.bp.end).toEqual({ systolic: 132, diastolic: 80, minutesSinceDose: 100 });
    expect(form.vitalsAcceptableAtEnd).toBe(true);
  });

  it.each([
    ['only a pre-dose BP', [bp(-5, 130, 80), obs(60, { spo2: 97 })], ['bp.end']],
    ['no SpO2 after the dose', [bp(-5, 130, 80), bp(60, 130, 80)], []],
  ])('is null and missing with %s', (_case, observations, alsoMissing) => {
    const form = remsForm(input({ observations }));
    expect(form.vitalsAcceptableAtEnd).toBeNull();
    expect(form.missing).toEqual(expect.arrayContaining(['vitalsAcceptableAtEnd', ...alsoMissing]));
  });
});

describe('remsForm: concomitant medications', () => {
  const NONE = {
    benzodiazepines: false,
    nonBenzodiazepineSedativeHypnotics: false,
    psychostimulants: false,
    maois: false,
    opioids: false,
  };
  it.each([
    // [case, medications, classes answered yes, unclassified]
    ['"none"', ['none'], {}, []],
    ['"None" in any case, with spaces', ['  NONE '], {}, []],
    [
      'only other medicines',
      ['sertraline 100 mg', 'bupropion'],
      {},
      ['sertraline 100 mg', 'bupropion'],
    ],
    ['a benzodiazepine with dose text', ['Lorazepam 1mg PRN'], { benzodiazepines: true }, []],
    ['the class name', ['benzodiazepine'], { benzodiazepines: true }, []],
    ['the plural class name', ['Benzodiazepines (as needed)'], { benzodiazepines: true }, []],
    [
      '"non-benzodiazepine" is not a benzodiazepine',
      ['non-benzodiazepine sedative-hypnotic'],
      { nonBenzodiazepineSedativeHypnotics: true },
      [],
    ],
    [
      '"non benzodiazepine"',
      ['Non Benzodiazepine hypnotic'],
      { nonBenzodiazepineSedativeHypnotics: true },
      [],
    ],
    ['zolpidem', ['ZOLPIDEM 5 mg at night'], { nonBenzodiazepineSedativeHypnotics: true }, []],
    ['suvorexant', ['suvorexant'], { nonBenzodiazepineSedativeHypnotics: true }, []],
    [
      'a combination product',
      ['amphetamine/dextroamphetamine 20 mg'],
      { psychostimulants: true },
      [],
    ],
    ['modafinil', ['Modafinil'], { psychostimulants: true }, []],
    ['lisdexamfetamine', ['lisdexamfetamine 30mg'], { psychostimulants: true }, []],
    ['an MAOI', ['phenelzine 15 mg tid'], { maois: true }, []],
    ['the MAOI class name', ['MAOI'], { maois: true }, []],
    ['selegiline patch', ['selegiline transdermal'], { maois: true }, []],
    ['an opioid', ['oxycodone 5 mg'], { opioids: true }, []],
    ['buprenorphine/naloxone', ['buprenorphine-naloxone 8/2'], { opioids: true }, []],
    ['"opioids"', ['Opioids'], { opioids: true }, []],
    ['morphine is not hydromorphone (whole words)', ['hydromorphone'], { opioids: true }, []],
    [
      'several classes',
      ['clonazepam 0.5 mg', 'tramadol 50 mg', 'methylphenidate', 'escitalopram'],
      { benzodiazepines: true, opioids: true, psychostimulants: true },
      ['escitalopram'],
    ],
    [
      '"none" beside a real medication does not hide it',
      ['none', 'diazepam'],
      { benzodiazepines: true },
      [],
    ],
    ['a name inside another word is not matched', ['morphinex'], {}, ['morphinex']],
  ])('%s', (_case, medications, yes, unclassified) => {
    const form = remsForm(input({ session: { concomitantMedications: medications } }));
    expect(form.concomitant).toEqual({ ...NONE, ...yes });
    expect(form.unclassifiedMedications).toEqual(unclassified);
    expect(form.missing.filter((m) => m.startsWith('concomitant.'))).toEqual([]);
  });

  it.each([
    ['an empty list', []],
    ['only blank entries', ['', '   ']],
  ])('%s is "not recorded": every class null and missing', (_case, medications) => {
    const form = remsForm(input({ session: { concomitantMedications: medications } }));
    expect(form.concomitant).toEqual({
      benzodiazepines: null,
      nonBenzodiazepineSedativeHypnotics: null,
      psychostimulants: null,
      maois: null,
      opioids: null,
    });
    expect(form.missing).toEqual([
      'concomitant.benzodiazepines',
      'concomitant.nonBenzodiazepineSedativeHypnotics',
      'concomitant.psychostimulants',
      'concomitant.maois',
      'concomitant.opioids',
    ]);
    expect(form.complete).toBe(false);
  });

  it('recognises every name of the built-in lists as its own class only', () => {
    for (const [cls, names] of Object.entries(CONCOMITANT_MEDICATION_NAMES)) {
      for (const name of names) {
        const yes = Object.entries(classifyConcomitantMedications([name]).concomitant)
          .filter(([, v]) => v === true)
          .map(([k]) => k);
        expect({ name, yes }).toEqual({ name, yes: [cls] });
      }
    }
  });
});

describe('remsForm: dose and lot number', () => {
  it.each([
    [56, '56'],
    [84, '84'],
    [28, 'other'],
    [112, 'other'],
    [70, 'other'],
  ])('%p mg -> %p', (doseMg, dose) => {
    const form = remsForm(input({ session: { doseMg } }));
    expect(form.dose).toBe(dose);
    expect(form.doseMg).toBe(doseMg);
  });

  it.each([
    ['null', null],
    ['blank', '  '],
  ])('a %s lot number is missing', (_case, lotNumber) => {
    const form = remsForm(input({ session: { lotNumber } }));
    expect(form.lotNumber).toBeNull();
    expect(form.missing).toEqual(['lotNumber']);
  });
});

describe('remsForm: monitoring and ready-to-leave minutes', () => {
  it.each([
    // [case, total, dischargedAt]
    ['discharged at 125 min', 125, t(125)],
    ['discharged at 120 min 59 s (whole minutes)', 120, t(120 + 59 / 60)],
    ['discharged at 3 h', 180, t(180)],
  ])('%s -> %p min', (_case, total, dischargedAt) => {
    expect(remsForm(input({ session: { dischargedAt } })).totalMonitoringMinutes).toBe(total);
  });

  it('is null and missing while in progress', () => {
    const form = remsForm(
      input({ session: { status: 'in_progress', dischargedAt: null }, now: t(100) }),
    );
    expect(form.totalMonitoringMinutes).toBeNull();
    expect(form.missing).toEqual(['totalMonitoringMinutes']);
    expect(form.complete).toBe(false);
  });

  it.each([
    ['ready at 90 min', 90, t(90)],
    ['ready at 61 min 30 s', 61, t(61.5)],
    ['ready at the dose start', 0, t(0)],
  ])('%s -> %p min', (_case, minutes, readyAt) => {
    expect(remsForm(input({ session: { readyAt } })).minutesUntilReadyToLeave).toBe(minutes);
  });

  it('is null and missing when the patient was never ready (discharged with an override)', () => {
    const form = remsForm(input({ session: { readyAt: null } }));
    expect(form.minutesUntilReadyToLeave).toBeNull();
    expect(form.missing).toEqual(['minutesUntilReadyToLeave']);
  });

  it('accepts Date inputs as well as ISO strings', () => {
    const base = fullInput();
    const form = remsForm({
      ...base,
      session: {
        ...base.session,
        startedAt: new Date(START),
        readyAt: new Date(t(90)),
        dischargedAt: new Date(t(125)),
      },
      now: new Date(t(60)),
    });
    expect(form).toMatchObject({ totalMonitoringMinutes: 125, minutesUntilReadyToLeave: 90 });
  });
});

describe('remsForm: sedation, dissociation, respiratory depression', () => {
  const pre = bp(-5, 130, 80);
  it.each([
    // [case, observations, side effects, sedation, dissociation, respiratoryDepression]
    [
      'all normal after the dose',
      [pre, obs(40, { moaas: 5, cadss6Total: 0, spo2: 97, respiratoryRate: 14 })],
      [],
      false,
      false,
      false,
    ],
    ['MOAA/S 4 is sedation', [pre, obs(40, { moaas: 4 })], [], true, null, null],
    ['MOAA/S 0', [pre, obs(40, { moaas: 0 })], [], true, null, null],
    [
      'a sedation side effect',
      [pre, obs(40, { moaas: 5 })],
      [sideEffect({ type: 'sedation' })],
      true,
      null,
      null,
    ],
    [
      'a drowsy pre-dose MOAA/S is not sedation',
      [obs(-5, { moaas: 4 }), obs(40, { moaas: 5 })],
      [],
      false,
      null,
      null,
    ],
    ['CADSS-6 total 1 is dissociation', [pre, obs(40, { cadss6Total: 1 })], [], null, true, null],
    [
      'a dissociation side effect without CADSS-6',
      [pre],
      [sideEffect({ type: 'dissociation', severity: 'mild' })],
      null,
      true,
      null,
    ],
    ['SpO2 91 (< 92)', [pre, obs(30, { spo2: 91 })], [], null, null, true],
    ['SpO2 92 is not', [pre, obs(30, { spo2: 92 })], [], null, null, false],
    ['respiratory rate 9 (< 10)', [pre, obs(30, { respiratoryRate: 9 })], [], null, null, true],
    ['respiratory rate 10 is not', [pre, obs(30, { respiratoryRate: 10 })], [], null, null, false],
    [
      'a low SpO2 before the dose is not respiratory depression',
      [obs(-5, { systolic: 130, diastolic: 80, spo2: 90 }), obs(30, { spo2: 97 })],
      [],
      null,
      null,
      false,
    ],
    ['nothing measured after the dose', [pre], [], null, null, null],
  ])('%s', (_case, observations, sideEffects, sedation, dissociation, respiratoryDepression) => {
    const form = remsForm(input({ observations, sideEffects }));
    expect({
      sedation: form.sedation,
      dissociation: form.dissociation,
      respiratoryDepression: form.respiratoryDepression,
    }).toEqual({ sedation, dissociation, respiratoryDepression });
    for (const [field, value] of Object.entries({
      sedation,
      dissociation,
      respiratoryDepression,
    })) {
      expect(form.missing.includes(field)).toBe(value === null);
    }
  });

  it('follows clinic respiratory thresholds', () => {
    const thresholds = mergeThresholds({ respiratory: { spo2Below: 94 } });
    const observations = [pre, obs(30, { spo2: 93 })];
    expect(remsForm(input({ observations, thresholds })).respiratoryDepression).toBe(true);
    expect(remsForm(input({ observations })).respiratoryDepression).toBe(false);
  });
});

describe('remsForm: serious adverse events', () => {
  it('lists serious side effects (CLINICAL.md s3 v2) in onset order, whatever their severity', () => {
    const sideEffects = [
      sideEffect({
        type: 'hypertension',
        severity: 'severe',
        onsetAt: t(42),
        notes: ' 186/112 ',
        serious: true,
        seriousCriterion: 'life_threatening',
      }),
      sideEffect({ type: 'headache', severity: 'moderate', onsetAt: t(10) }),
      sideEffect({
        type: 'dizziness',
        severity: 'mild',
        onsetAt: t(15),
        serious: true,
        seriousCriterion: 'important_medical_event',
      }),
    ];
    expect(remsForm(input({ sideEffects })).seriousAdverseEvents).toEqual([
      'dizziness (serious: another important medical event; mild), onset 15 min after the dose start',
      'hypertension (serious: life-threatening; severe), onset 42 min after the dose start: 186/112',
    ]);
  });

  it('leaves out severe side effects that are not serious (severe is intensity, not seriousness)', () => {
    const sideEffects = [
      sideEffect({ type: 'vomiting', severity: 'severe', onsetAt: t(30) }),
      sideEffect({ type: 'perceptual_disturbance', severity: 'severe', onsetAt: t(15) }),
    ];
    expect(remsForm(input({ sideEffects })).seriousAdverseEvents).toEqual([]);
  });

  it('is an empty list (not missing) without serious side effects', () => {
    const form = remsForm(input({ sideEffects: [sideEffect()] }));
    expect(form.seriousAdverseEvents).toEqual([]);
    expect(form.complete).toBe(true);
  });
});

describe('remsForm: submit by, deadline and overdue (CLINICAL.md s3: within 7 days)', () => {
  it.each([
    // [case, startedAt, now, submitBy, deadline, overdue]
    [
      'the next day',
      '2026-03-02T10:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
      '2026-03-09',
      '2026-03-09T10:00:00.000Z',
      false,
    ],
    [
      'exactly 7 days after the dose start: not yet overdue',
      '2026-03-02T10:00:00.000Z',
      '2026-03-09T10:00:00.000Z',
      '2026-03-09',
      '2026-03-09T10:00:00.000Z',
      false,
    ],
    [
      'a millisecond past 7 days',
      '2026-03-02T10:00:00.000Z',
      '2026-03-09T10:00:00.001Z',
      '2026-03-09',
      '2026-03-09T10:00:00.000Z',
      true,
    ],
    [
      'later on the 7th day',
      '2026-03-02T10:00:00.000Z',
      '2026-03-09T23:59:59.999Z',
      '2026-03-09',
      '2026-03-09T10:00:00.000Z',
      true,
    ],
    [
      'a dose just before UTC midnight',
      '2026-03-02T23:59:00.000Z',
      '2026-03-09T12:00:00.000Z',
      '2026-03-09',
      '2026-03-09T23:59:00.000Z',
      false,
    ],
    [
      'across a month end',
      '2026-02-26T15:00:00.000Z',
      '2026-03-06T00:00:00.000Z',
      '2026-03-05',
      '2026-03-05T15:00:00.000Z',
      true,
    ],
    [
      'across a year end',
      '2026-12-28T08:00:00.000Z',
      '2027-01-04T08:00:00.000Z',
      '2027-01-04',
      '2027-01-04T08:00:00.000Z',
      false,
    ],
    [
      'a dose given with an offset',
      '2026-03-02T01:30:00+02:00',
      '2026-03-05T00:00:00Z',
      '2026-03-08',
      '2026-03-08T23:30:00.000Z',
      false,
    ],
  ])('%s', (_case, startedAt, now, submitBy, deadline, overdue) => {
    const base = fullInput();
    const form = remsForm({
      ...base,
      session: { ...base.session, startedAt, readyAt: null, dischargedAt: null },
      observations: [],
      now,
    });
    expect({ submitBy: form.submitBy, deadline: form.deadline, overdue: form.overdue }).toEqual({
      submitBy,
      deadline,
      overdue,
    });
  });

  it('a submitted form is never overdue, however late it was submitted', () => {
    const base = fullInput();
    const form = remsForm({
      ...base,
      now: t(30 * 24 * 60),
      record: { ...base.record!, submittedAt: t(20 * 24 * 60), submittedBy: 'user-1' },
    });
    expect(form).toMatchObject({ overdue: false, submittedAt: t(20 * 24 * 60) });
  });
});

describe('remsForm: complete and missing', () => {
  it('an in-progress session without a record lists every field it cannot fill, in form order', () => {
    const form = remsForm({
      patient: { givenName: 'Ben', familyName: 'Okri', birthDate: '1959-03-15', sex: 'male' },
      session: {
        id: 'session-2',
        patientId: 'patient-2',
        drug: 'esketamine',
        route: 'intranasal',
        sessionNumber: 3,
        doseMg: 84,
        lotNumber: null,
        concomitantMedications: [],
        startedAt: START,
        infusionMinutes: null,
        status: 'in_progress',
        readyAt: null,
        dischargedAt: null,
      },
      previousEsketamineSessions: 2,
      observations: [],
      sideEffects: [],
      now: t(5),
    });
    expect(form).toMatchObject({
      firstTreatment: false,
      dose: '84',
      complete: false,
      overdue: false,
      bp: { preDose: null, at40Min: null, end: null },
      sedation: null,
      dissociation: null,
      respiratoryDepression: null,
      seriousAdverseEvents: [],
    });
    expect(form.missing).toEqual([
      'monitoringProvider',
      'setting',
      'concomitant.benzodiazepines',
      'concomitant.nonBenzodiazepineSedativeHypnotics',
      'concomitant.psychostimulants',
      'concomitant.maois',
      'concomitant.opioids',
      'lotNumber',
      'totalMonitoringMinutes',
      'minutesUntilReadyToLeave',
      'vitalsAcceptablePreDose',
      'vitalsAcceptableAtEnd',
      'bp.preDose',
      'bp.at40Min',
      'bp.end',
      'sedation',
      'dissociation',
      'respiratoryDepression',
    ]);
  });

  it('complete is true exactly when nothing is missing', () => {
    expect(remsForm(fullInput())).toMatchObject({ complete: true, missing: [] });
    const inProgress = remsForm(input({ session: { dischargedAt: null, status: 'in_progress' } }));
    expect(inProgress).toMatchObject({ complete: false, missing: ['totalMonitoringMinutes'] });
  });

  it('does not change its input', () => {
    const value = fullInput();
    const copy = JSON.parse(JSON.stringify(value)) as RemsFormInput;
    remsForm(value);
    expect(value).toEqual(copy);
  });
});
