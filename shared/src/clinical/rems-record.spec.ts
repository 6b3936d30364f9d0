/**
 * What the staff add to the REMS Patient Monitoring Form (CLINICAL.md s3; API.md "REMS and printing
 * (v2)"): provider and setting, corrections with a reason, the submission.
 */
import {
  REMS_FIELD_NAMES,
  remsCorrectionProblems,
  remsDeadline,
  remsForm,
  type RemsFormInput,
  remsOverdue,
  remsSubmissionProblems,
} from './rems';

const START = '2026-03-02T10:00:00.000Z';
const t = (minutes: number): string => new Date(Date.parse(START) + minutes * 60_000).toISOString();

/** An in-progress esketamine session with a pre-dose BP only. */
function sparse(record: RemsFormInput['record'] = null): RemsFormInput {
  return {
    patient: { givenName: 'Ben', familyName: 'Okri', birthDate: '1959-03-15', sex: 'unknown' },
    session: {
      id: 'session-9',
      patientId: 'patient-9',
      drug: 'esketamine',
      route: 'intranasal',
      sessionNumber: 2,
      doseMg: 56,
      lotNumber: null,
      concomitantMedications: ['none'],
      startedAt: START,
      infusionMinutes: null,
      status: 'discharged',
      readyAt: t(95),
      dischargedAt: t(125),
    },
    previousEsketamineSessions: 1,
    observations: [
      {
        recordedAt: t(-5),
        systolic: 128,
        diastolic: 80,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 5,
        cadss6Total: null,
      },
      {
        recordedAt: t(120),
        systolic: 126,
        diastolic: 78,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 5,
        cadss6Total: 0,
      },
    ],
    sideEffects: [],
    now: t(60 * 24),
    record,
  };
}

const record = (change: Partial<NonNullable<RemsFormInput['record']>> = {}) => ({
  monitoringProvider: null,
  setting: null,
  corrections: [],
  version: 1,
  submittedAt: null,
  submittedBy: null,
  reference: null,
  ...change,
});

describe('remsForm with what the staff recorded', () => {
  it('without a record: version 0, provider and setting missing first', () => {
    const form = remsForm(sparse());
    expect(form).toMatchObject({
      version: 0,
      monitoringProvider: null,
      setting: null,
      corrections: [],
      submittedAt: null,
      complete: false,
    });
    expect(form.missing).toEqual([
      'monitoringProvider',
      'setting',
      'patient.sex',
      'lotNumber',
      'bp.at40Min',
    ]);
  });

  it('a blank provider still counts as missing', () => {
    const form = remsForm(sparse(record({ monitoringProvider: '  ', setting: 'Riverside' })));
    expect(form.missing.slice(0, 1)).toEqual(['monitoringProvider']);
  });

  it('a correction fills a missing field, shows the record value (null: none) and is no longer missing', () => {
    const form = remsForm(
      sparse(
        record({
          monitoringProvider: 'A. Nurse, RN',
          setting: 'Riverside Clinic',
          corrections: [
            {
              field: 'lotNumber',
              value: 'SPR-77',
              reason: 'Read off the device box',
              correctedAt: t(200),
              correctedBy: 'user-1',
            },
            {
              field: 'bp.at40Min',
              value: '142/88',
              reason: 'Paper chart, not entered',
              correctedAt: t(200),
              correctedBy: 'user-1',
            },
            {
              field: 'patient.sex',
              value: 'male',
              reason: 'Confirmed with the patient',
              correctedAt: t(201),
              correctedBy: 'user-2',
            },
            {
              field: 'bp.preDose',
              value: '130/82',
              reason: 'Transcription error',
              correctedAt: t(202),
              correctedBy: 'user-2',
            },
          ],
        }),
      ),
    );
    expect(form.corrections).toEqual([
      {
        field: 'lotNumber',
        value: 'SPR-77',
        reason: 'Read off the device box',
        original: null,
        correctedAt: t(200),
        correctedBy: 'user-1',
      },
      {
        field: 'bp.at40Min',
        value: '142/88',
        reason: 'Paper chart, not entered',
        original: null,
        correctedAt: t(200),
        correctedBy: 'user-1',
      },
      {
        field: 'patient.sex',
        value: 'male',
        reason: 'Confirmed with the patient',
        original: null,
        correctedAt: t(201),
        correctedBy: 'user-2',
      },
      // A correction of a filled field keeps the record's value beside the new one.
      {
        field: 'bp.preDose',
        value: '130/82',
        reason: 'Transcription error',
        original: '128/80',
        correctedAt: t(202),
        correctedBy: 'user-2',
      },
    ]);
    // The facts from the records are not overwritten.
    expect(form.bp.preDose).toEqual({ systolic: 128, diastolic: 80, minutesSinceDose: -5 });
    expect(form).toMatchObject({ missing: [], complete: true });
  });

  it('ignores a stored correction of a field the form no longer has', () => {
    const form = remsForm(
      sparse(
        record({
          corrections: [
            { field: 'gone', value: 'x', reason: 'y', correctedAt: t(1), correctedBy: 'u' },
          ],
        }),
      ),
    );
    expect(form.corrections).toEqual([]);
  });

  it('carries the submission', () => {
    const form = remsForm(
      sparse(
        record({
          submittedAt: new Date(t(300)),
          submittedBy: 'user-1',
          submittedByName: 'Nora Nurse',
          reference: 'REMS-123',
          version: 3,
        }),
      ),
    );
    expect(form).toMatchObject({
      submittedAt: t(300),
      submittedBy: 'user-1',
      submittedByName: 'Nora Nurse',
      reference: 'REMS-123',
      version: 3,
      overdue: false,
    });
  });
});

describe('remsCorrectionProblems: a value as the paper form writes it', () => {
  it.each([
    // [field, value, accepted]
    ['lotNumber', 'SPR-1', true],
    ['lotNumber', '   ', false],
    ['lotNumber', 'x'.repeat(501), false],
    ['patient.name', 'Ben Okri', true],
    ['patient.birthDate', '1959-03-15', true],
    ['patient.birthDate', '1959-02-30', false],
    ['patient.birthDate', '15/03/1959', false],
    ['patient.sex', 'male', true],
    ['patient.sex', 'unknown', false],
    ['firstTreatment', 'yes', true],
    ['concomitant.opioids', 'no', true],
    ['concomitant.opioids', 'true', false],
    ['dose', '84', true],
    ['dose', 'other', true],
    ['dose', '70', false],
    ['totalMonitoringMinutes', '130', true],
    ['totalMonitoringMinutes', '0', true],
    ['totalMonitoringMinutes', '1440', true],
    ['totalMonitoringMinutes', '1441', false],
    ['totalMonitoringMinutes', '12.5', false],
    ['totalMonitoringMinutes', '-3', false],
    ['bp.at40Min', '142/88', true],
    ['bp.at40Min', '300/199', true],
    // CLINICAL.md s1 plausible ranges: systolic 50-300, diastolic 20-200 and below systolic.
    ['bp.at40Min', '301/90', false],
    ['bp.at40Min', '49/30', false],
    ['bp.at40Min', '120/19', false],
    ['bp.at40Min', '90/90', false],
    ['bp.at40Min', '142 / 88', false],
    ['sedation', 'no', true],
    ['seriousAdverseEvents', 'none', true],
  ])('%s = %j: accepted %s', (field, value, accepted) => {
    expect(remsCorrectionProblems(field, value).length === 0).toBe(accepted);
  });

  it('names the form fields when the field is not one of them', () => {
    const [problem] = remsCorrectionProblems('monitoringProvider', 'x');
    expect(problem).toMatch(/^field must be one of patient\.name, /);
    expect(REMS_FIELD_NAMES).not.toContain('monitoringProvider');
  });

  it('every field of the form has a definition that accepts some value', () => {
    expect(REMS_FIELD_NAMES).toHaveLength(22);
    const sample: Record<string, string> = {
      text: 'x',
      events: 'none',
      date: '2000-01-01',
      sex: 'female',
      yes_no: 'yes',
      dose: '56',
      minutes: '120',
      blood_pressure: '120/80',
    };
    for (const field of REMS_FIELD_NAMES) {
      const accepted = Object.values(sample).some(
        (v) => remsCorrectionProblems(field, v).length === 0,
      );
      expect([field, accepted]).toEqual([field, true]);
    }
  });
});

describe('remsDeadline, remsOverdue, remsSubmissionProblems', () => {
  it('the deadline is the dose start + 7 x 24 h', () => {
    expect(remsDeadline('2026-03-28T23:30:00.000Z')).toBe('2026-04-04T23:30:00.000Z');
  });

  it.each([
    ['before the deadline', '2026-03-09T09:59:59.999Z', null, false],
    ['at the deadline', '2026-03-09T10:00:00.000Z', null, false],
    ['after it', '2026-03-09T10:00:00.001Z', null, true],
    ['after it but submitted', '2026-03-20T00:00:00.000Z', '2026-03-19T00:00:00.000Z', false],
  ])('%s', (_case, now, submittedAt, overdue) => {
    expect(remsOverdue(START, submittedAt, now)).toBe(overdue);
  });

  it('refuses a submission with missing fields (named) or one already submitted', () => {
    expect(remsSubmissionProblems({ missing: [], submittedAt: null })).toEqual([]);
    expect(remsSubmissionProblems({ missing: ['setting', 'bp.end'], submittedAt: null })).toEqual([
      'The form cannot be submitted: missing setting, bp.end',
    ]);
    expect(
      remsSubmissionProblems({ missing: [], submittedAt: '2026-03-03T10:00:00.000Z' }),
    ).toEqual(['The form was already marked submitted at 2026-03-03T10:00:00.000Z']);
  });
});
