/**
 * Treatment courses (API.md "v2 additions > Treatment courses"; CLINICAL.md s8 and s9): protocols,
 * screenings, courses and their phases, sessions joining a course (course mode and legacy mode),
 * the first session's screening, the course's pre-dose checks and the automatic move to
 * maintenance when the protocol's induction count is reached.
 */
import { BUILT_IN_PROTOCOL_IDS, SCREENING_ITEMS } from '@clinic/shared';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Screening } from '../src/courses/screening.entity';
import { TreatmentCourse } from '../src/courses/treatment-course.entity';
import {
  addObservation,
  createPatient,
  DAY,
  dischargeWithOverride,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
} from './support/clinical-fixtures';
import { useApi, type Who } from './support/use-api';

const IV = BUILT_IN_PROTOCOL_IDS.ketamineIv;
const ESK_US = BUILT_IN_PROTOCOL_IDS.esketamineUs;
const ESK_SI = BUILT_IN_PROTOCOL_IDS.esketamineAcuteSi;
const allNo = Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no']));

const screeningBody = (overrides: Record<string, unknown> = {}) => ({
  drug: 'ketamine',
  screenedAt: isoAt(Date.now(), -HOUR),
  answers: allNo,
  consentAt: isoAt(Date.now(), -2 * HOUR),
  ...overrides,
});
const ivSession = (overrides: Record<string, unknown> = {}) => ({
  drug: 'ketamine',
  route: 'iv',
  doseMg: 35,
  infusionMinutes: 40,
  ...overrides,
});
const ivProtocolBody = (clinicId: string, overrides: Record<string, unknown> = {}) => ({
  clinicId,
  name: 'IV ketamine, twice weekly',
  drug: 'ketamine',
  route: 'iv',
  basedOnId: IV,
  source: 'Clinic policy 2026',
  induction: { sessions: 6, withinDays: 28, maxPerWeek: 2, minDaysBetween: 2 },
  maintenance: { maxPerWeek: 1, minDaysBetween: 7 },
  dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5, 0.6], max: 0.75 },
  ...overrides,
});

interface CourseBody {
  id: string;
  phase: string;
  sessionCount: number;
  version: number;
  [key: string]: unknown;
}

describe('treatment courses API', () => {
  const { api, world, get, post } = useApi();
  const psych = (): string => world.tokens.a.psychiatrist;

  const newPatient = (clinic: 'a' | 'b' = 'a'): Promise<PatientRef> =>
    createPatient(
      api,
      world.tokens[clinic].psychiatrist,
      clinic === 'a' ? world.clinicA.id : world.clinicB.id,
    );
  const screen = async (patientId: string, overrides: Record<string, unknown> = {}) => {
    const res = await post(`/patients/${patientId}/screenings`, 'psychiatrist', {
      ...screeningBody(overrides),
    });
    expectStatus(res, 201);
    return res.body as { id: string; result: string };
  };
  const startCourse = async (
    patientId: string,
    protocolId: string = IV,
    screening: Record<string, unknown> = {},
  ): Promise<CourseBody> => {
    const s = await screen(patientId, screening);
    const res = await post(`/patients/${patientId}/courses`, 'psychiatrist', {
      protocolId,
      screeningId: s.id,
      kind: 'initial',
    });
    expectStatus(res, 201);
    return res.body as CourseBody;
  };
  const course = async (id: string, who: Who = 'nurse'): Promise<CourseBody> => {
    const res = await get(`/courses/${id}`, who);
    expectStatus(res, 200);
    return res.body as CourseBody;
  };
  /** A dose recorded as given at `at`, then discharged (psychiatrist override). */
  const give = async (patientId: string, at: string, overrides: Record<string, unknown> = {}) => {
    const res = await post(`/patients/${patientId}/sessions`, 'psychiatrist', {
      ...ivSession({ startedAt: at }),
      ...overrides,
    });
    expectStatus(res, 201);
    await dischargeWithOverride(api, psych(), res.body as { id: string; startedAt: string });
    return res.body as { id: string; courseId: string; courseSessionNumber: number };
  };
  const order = async (patientId: string, plannedAt: string) => {
    const res = await post(`/patients/${patientId}/sessions`, 'psychiatrist', {
      ...ivSession({ plannedAt }),
    });
    expectStatus(res, 201);
    return res.body as { id: string; courseId: string; courseSessionNumber: number };
  };
  const preDose = (sessionId: string) =>
    addObservation(api, world.tokens.a.nurse, sessionId, {
      recordedAt: isoAt(Date.now(), -5 * MINUTE),
      systolic: 124,
      diastolic: 80,
      moaas: 5,
    });

  describe('protocols', () => {
    it('lists the four built-in templates and the clinic’s own, not another clinic’s', async () => {
      const created = await post('/protocols', 'manager', ivProtocolBody(world.clinicA.id));
      expectStatus(created, 201);
      expect(created.body).toMatchObject({
        clinicId: world.clinicA.id,
        builtIn: false,
        basedOnId: IV,
        createdBy: world.users.a.manager.id,
        induction: { sessions: 6, maxPerWeek: 2, minDaysBetween: 2 },
      });
      const a = await get(`/protocols?clinicId=${world.clinicA.id}`, 'nurse');
      expectStatus(a, 200);
      const ids = (a.body as { items: { id: string; builtIn: boolean }[] }).items.map((p) => p.id);
      expect(ids.slice(0, 4).sort()).toEqual(Object.values(BUILT_IN_PROTOCOL_IDS).sort());
      expect(ids).toContain(created.body.id);
      const b = await get(`/protocols?clinicId=${world.clinicB.id}`, 'b.nurse');
      expectStatus(b, 200);
      expect((b.body as { items: { id: string }[] }).items.map((p) => p.id)).not.toContain(
        created.body.id,
      );
      const audit = await api.ds
        .getRepository(AuditEntry)
        .findOneBy({ resourceType: 'protocol', resourceId: created.body.id as string });
      expect(audit).toMatchObject({ action: 'create', clinicId: world.clinicA.id });
    });

    it('another clinic’s list is 404; a nurse may not write one (403); clinicId is required (400)', async () => {
      expectError(await get(`/protocols?clinicId=${world.clinicB.id}`, 'nurse'), 404, /not found/i);
      expectStatus(await post('/protocols', 'nurse', ivProtocolBody(world.clinicA.id)), 403);
      expectError(await get('/protocols', 'nurse'), 400, /clinicId/);
      expectError(
        await post('/protocols', 'b.psychiatrist', ivProtocolBody(world.clinicA.id)),
        404,
        /not found/i,
      );
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        '0 sessions',
        { induction: { sessions: 0, withinDays: 21, maxPerWeek: 3 } },
        /induction\.sessions/,
      ],
      [
        'maxPerWeek above 7',
        { induction: { sessions: 6, withinDays: 21, maxPerWeek: 8 } },
        /induction\.maxPerWeek/,
      ],
      [
        'a first dose above the usual maximum (s2: 0.75 mg/kg)',
        { dosePlan: { unit: 'mg_per_kg', first: 0.9, steps: [], max: 0.9 } },
        /dosePlan\.first 0\.9 mg\/kg is above the usual maximum/,
      ],
      [
        'the wrong unit',
        { dosePlan: { unit: 'mg', first: 35, steps: [], max: 35 } },
        /dosePlan\.unit must be mg_per_kg/,
      ],
      ['an unknown field', { extra: 1 }, /extra/],
      ['maintenance not an object', { maintenance: 5 }, /maintenance/],
    ])('impossible numbers are 400 naming the field: %s', async (_name, change, pattern) => {
      expectError(
        await post('/protocols', 'psychiatrist', ivProtocolBody(world.clinicA.id, change)),
        400,
        pattern,
      );
    });
  });

  describe('screenings', () => {
    it('classifies the answers (s9) and lists newest first; nurses read, only psychiatrists record', async () => {
      const patient = await newPatient('b');
      const older = await post(`/patients/${patient.id}/screenings`, 'b.psychiatrist', {
        ...screeningBody({ screenedAt: isoAt(Date.now(), -3 * DAY) }),
      });
      expectStatus(older, 201);
      const res = await post(`/patients/${patient.id}/screenings`, 'b.psychiatrist', {
        drug: 'esketamine',
        screenedAt: isoAt(Date.now(), -HOUR),
        answers: { ...allNo, hypersensitivity: 'yes', uncontrolled_hypertension: 'yes' },
        notes: {
          hypersensitivity: 'Rash after ketamine 2019',
          uncontrolled_hypertension: 'BP 165/100',
        },
        concomitant: ['benzodiazepines'],
        consentAt: isoAt(Date.now(), -2 * HOUR),
        remsEnrolledAt: isoAt(Date.now(), -2 * DAY),
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        drug: 'esketamine',
        result: 'contraindicated',
        absolute: ['hypersensitivity'],
        relative: ['uncontrolled_hypertension'],
        unknown: [],
        concomitant: ['benzodiazepines'],
        recordedBy: world.users.b.psychiatrist.id,
      });
      const list = await get(`/patients/${patient.id}/screenings`, 'b.nurse');
      expectStatus(list, 200);
      expect((list.body as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([
        res.body.id,
        older.body.id,
      ]);
      expectStatus(
        await post(`/patients/${patient.id}/screenings`, 'b.nurse', screeningBody()),
        403,
      );
      expectError(await get(`/patients/${patient.id}/screenings`, 'nurse'), 404, /not found/i);
      expectError(
        await post(`/patients/${patient.id}/screenings`, 'psychiatrist', screeningBody()),
        404,
        /not found/i,
      );
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['screenedAt in the future', { screenedAt: isoAt(Date.now(), DAY) }, /screenedAt/],
      [
        'a yes without a note',
        { answers: { ...allNo, psychosis_or_mania: 'yes' } },
        /notes\.psychosis_or_mania is required/,
      ],
      ['no consent', { consentAt: undefined }, /consentAt/],
      ['esketamine without REMS enrolment', { drug: 'esketamine' }, /remsEnrolledAt is required/],
      [
        'an answer that is not no/yes/unknown',
        { answers: { ...allNo, hypersensitivity: 'maybe' } },
        /answers\.hypersensitivity/,
      ],
      [
        'an item left out',
        { answers: { ...allNo, hypersensitivity: undefined } },
        /answers\.hypersensitivity/,
      ],
      ['an unknown item', { answers: { ...allNo, headache: 'no' } }, /headache/],
    ])('400 naming the field: %s', async (_name, change, pattern) => {
      const patient = await newPatient();
      expectError(
        await post(`/patients/${patient.id}/screenings`, 'psychiatrist', screeningBody(change)),
        400,
        pattern,
      );
      expect(await api.ds.getRepository(Screening).countBy({ patientId: patient.id })).toBe(0);
    });
  });

  describe('courses', () => {
    it('starts a course from a valid screening: induction, clinical, audited; one at a time', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id);
      expect(started).toMatchObject({
        patientId: patient.id,
        clinicId: world.clinicA.id,
        protocolId: IV,
        protocolName: 'IV ketamine 0.5 mg/kg',
        drug: 'ketamine',
        route: 'iv',
        kind: 'initial',
        origin: 'clinical',
        phase: 'induction',
        sessionCount: 0,
        firstSessionAt: null,
        baseline: null,
        // The protocol's proposal for the first session: the plan's first dose (CLINICAL.md s8).
        nextDue: { dose: 0.5, unit: 'mg_per_kg', allowedDoses: [0.5] },
        overrideReason: null,
        screening: { result: 'eligible' },
        version: 1,
      });
      const audit = await api.ds
        .getRepository(AuditEntry)
        .findOneBy({ resourceType: 'course', resourceId: started.id, action: 'create' });
      expect(audit).toMatchObject({ patientId: patient.id });
      const s = await screen(patient.id);
      expectError(
        await post(`/patients/${patient.id}/courses`, 'psychiatrist', {
          protocolId: IV,
          screeningId: s.id,
          kind: 'reinduction',
        }),
        422,
        /has not ended/,
      );
      const list = await get(`/patients/${patient.id}/courses`, 'manager');
      expectStatus(list, 200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: started.id }] });
    });

    it('422: a screening of another patient, another drug, older than 30 days; contraindicated without a reason', async () => {
      const patient = await newPatient();
      const other = await newPatient();
      const foreign = await screen(other.id);
      const create = (body: Record<string, unknown>) =>
        post(`/patients/${patient.id}/courses`, 'psychiatrist', { kind: 'initial', ...body });
      expectError(
        await create({ protocolId: IV, screeningId: foreign.id }),
        422,
        /screeningId must be a screening of this patient/,
      );
      const mine = await screen(patient.id);
      expectError(
        await create({ protocolId: ESK_US, screeningId: mine.id }),
        422,
        /protocolId: the protocol is for esketamine, the screening for ketamine/,
      );
      const old = await screen(patient.id, {
        screenedAt: isoAt(Date.now(), -31 * DAY),
        consentAt: isoAt(Date.now(), -31 * DAY),
      });
      expectError(await create({ protocolId: IV, screeningId: old.id }), 422, /no longer valid/);
      const allergic = await screen(patient.id, {
        answers: { ...allNo, hypersensitivity: 'yes' },
        notes: { hypersensitivity: 'Anaphylaxis to ketamine' },
      });
      expect(allergic.result).toBe('contraindicated');
      expectError(
        await create({ protocolId: IV, screeningId: allergic.id }),
        422,
        /overrideReason is required.*hypersensitivity/,
      );
      const overridden = await create({
        protocolId: IV,
        screeningId: allergic.id,
        overrideReason: 'Reaction was to the excipient; allergist cleared',
      });
      expectStatus(overridden, 201);
      expect(overridden.body).toMatchObject({
        overrideReason: 'Reaction was to the excipient; allergist cleared',
        screening: { absolute: ['hypersensitivity'] },
      });
      const stored = await api.ds
        .getRepository(TreatmentCourse)
        .findOneByOrFail({ id: overridden.body.id as string });
      expect(stored.overrideBy).toBe(world.users.a.psychiatrist.id);
    });

    it('roles and scoping: a nurse may not start, phase or end (403); another clinic’s course is 404', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id);
      const s = await screen(patient.id);
      expectStatus(
        await post(`/patients/${patient.id}/courses`, 'nurse', {
          protocolId: IV,
          screeningId: s.id,
          kind: 'initial',
        }),
        403,
      );
      expectStatus(await post(`/courses/${started.id}/end`, 'nurse', { reason: 'completed' }), 403);
      expectStatus(
        await post(`/courses/${started.id}/phase`, 'manager', {
          phase: 'maintenance',
          reason: 'Responding well',
        }),
        403,
      );
      expectError(await get(`/courses/${started.id}`, 'b.psychiatrist'), 404, /not found/i);
      expectError(
        await post(`/courses/${started.id}/end`, 'b.psychiatrist', { reason: 'completed' }),
        404,
        /not found/i,
      );
      expectError(await get(`/patients/${patient.id}/courses`, 'b.nurse'), 404, /not found/i);
      expectError(
        await post(`/courses/${started.id}/end`, 'psychiatrist', { reason: 'finished' }),
        400,
        /reason must be one of/,
      );
      expectError(
        await post(`/courses/${started.id}/phase`, 'psychiatrist', { phase: 'ended' }),
        400,
        /phase/,
      );
    });

    it('moves to maintenance before the induction count only with a reason; a protocol without maintenance refuses', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id);
      expectError(
        await post(`/courses/${started.id}/phase`, 'psychiatrist', { phase: 'maintenance' }),
        422,
        /reason is required: 0 of 6 induction sessions given/,
      );
      const moved = await post(
        `/courses/${started.id}/phase`,
        'psychiatrist',
        { phase: 'maintenance', reason: 'Full response after 4 infusions elsewhere' },
        { 'If-Match': '"1"' },
      );
      expectStatus(moved, 200);
      expect(moved.body).toMatchObject({
        phase: 'maintenance',
        maintenanceReason: 'Full response after 4 infusions elsewhere',
        version: 2,
      });
      expectError(
        await post(`/courses/${started.id}/phase`, 'psychiatrist', {
          phase: 'maintenance',
          reason: 'again',
        }),
        422,
        /not in induction/,
      );
      expectStatus(
        await post(
          `/courses/${started.id}/end`,
          'psychiatrist',
          { reason: 'completed' },
          { 'If-Match': '"1"' },
        ),
        412,
      );
      const ended = await post(`/courses/${started.id}/end`, 'psychiatrist', {
        reason: 'patient_choice',
        note: 'Moving abroad',
      });
      expectStatus(ended, 200);
      expect(ended.body).toMatchObject({
        phase: 'ended',
        endReason: 'patient_choice',
        endNote: 'Moving abroad',
      });
      expectError(
        await post(`/courses/${started.id}/end`, 'psychiatrist', { reason: 'other' }),
        422,
        /already ended/,
      );

      const esk = await newPatient();
      const si = await startCourse(esk.id, ESK_SI, {
        drug: 'esketamine',
        remsEnrolledAt: isoAt(Date.now(), -DAY),
      });
      expectError(
        await post(`/courses/${si.id}/phase`, 'psychiatrist', {
          phase: 'maintenance',
          reason: 'Stable for two weeks',
        }),
        422,
        /no maintenance phase/,
      );
    });
  });

  describe('sessions in course mode (clinic A has clinical courses)', () => {
    it('a patient without an active course cannot be ordered a session: 422 naming courseId', async () => {
      const patient = await newPatient();
      expectError(
        await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
          ...ivSession({ startedAt: isoAt(Date.now(), -10 * MINUTE) }),
        }),
        422,
        /courseId: the patient has no active treatment course; start a treatment course first/,
      );
    });

    it('a session joins the active course and counts within it; another patient’s course is 404; ended or other drug 422', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id, IV, {
        screenedAt: isoAt(Date.now(), -5 * DAY),
        consentAt: isoAt(Date.now(), -5 * DAY),
      });
      const firstAt = isoAt(Date.now(), -3 * DAY);
      const first = await give(patient.id, firstAt);
      expect(first).toMatchObject({ courseId: started.id, courseSessionNumber: 1 });
      const second = await give(patient.id, isoAt(Date.now(), -2 * DAY), { courseId: started.id });
      expect(second).toMatchObject({ courseId: started.id, courseSessionNumber: 2 });
      expect(await course(started.id)).toMatchObject({
        sessionCount: 2,
        firstSessionAt: firstAt,
      });

      const other = await newPatient();
      const foreign = await startCourse(other.id);
      expectError(
        await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
          ...ivSession({ startedAt: isoAt(Date.now(), -DAY), courseId: foreign.id }),
        }),
        404,
        /Course not found/,
      );
      expectError(
        await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
          drug: 'esketamine',
          route: 'intranasal',
          doseMg: 56,
          startedAt: isoAt(Date.now(), -DAY),
        }),
        422,
        /courseId: the course is ketamine iv, not esketamine intranasal/,
      );
      expectStatus(
        await post(`/courses/${started.id}/end`, 'psychiatrist', { reason: 'nonresponse' }),
        200,
      );
      expectError(
        await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
          ...ivSession({ startedAt: isoAt(Date.now(), -DAY), courseId: started.id }),
        }),
        422,
        /courseId: the course has ended/,
      );
    });

    it('the first session of a clinical course needs the screening valid at its planned time (s9)', async () => {
      const patient = await newPatient();
      // valid for one more hour
      const started = await startCourse(patient.id, IV, {
        screenedAt: isoAt(Date.now(), -30 * DAY + HOUR),
        consentAt: isoAt(Date.now(), -30 * DAY),
      });
      expectError(
        await post(`/patients/${patient.id}/sessions`, 'psychiatrist', {
          ...ivSession({ plannedAt: isoAt(Date.now(), 2 * HOUR) }),
        }),
        422,
        /plannedAt: the course's screening of .* is not valid then/,
      );
      const ordered = await order(patient.id, isoAt(Date.now(), 30 * MINUTE));
      expect(ordered).toMatchObject({ courseId: started.id, courseSessionNumber: 1 });
      // a cancelled order gives its number back
      expectStatus(
        await post(`/sessions/${ordered.id}/cancel`, 'nurse', { reason: 'did not come' }),
        200,
      );
      const again = await order(patient.id, isoAt(Date.now(), 40 * MINUTE));
      expect(again.courseSessionNumber).toBe(1);
    });

    it('pre-dose checks at the start: screening_valid and protocol_interval, overridable by a psychiatrist only; the board lists them', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id);
      const first = await order(patient.id, isoAt(Date.now(), 5 * MINUTE));
      await preDose(first.id);
      // the screening ages past its 30 days before the start
      await api.ds
        .getRepository(Screening)
        .update(
          { id: (await course(started.id)).screeningId as string },
          { screenedAt: new Date(Date.now() - 40 * DAY) },
        );
      const board = await get(`/board?clinicId=${world.clinicA.id}`, 'nurse');
      expectStatus(board, 200);
      const expected = (
        board.body as { expected: { sessionId: string; checks: { id: string; ok: boolean }[] }[] }
      ).expected.find((e) => e.sessionId === first.id);
      expect(expected?.checks.map((c) => [c.id, c.ok])).toEqual([
        ['predose_bp', true],
        ['predose_moaas', true],
        ['no_critical_flag', true],
        ['screening_valid', false],
        ['protocol_interval', true],
      ]);
      const startAt = isoAt(Date.now(), -MINUTE);
      expectError(
        await post(`/sessions/${first.id}/start`, 'nurse', { startedAt: startAt }),
        422,
        /screening .* is not valid at this start/,
      );
      expectStatus(
        await post(`/sessions/${first.id}/start`, 'nurse', {
          startedAt: startAt,
          overrideReason: 'Screening reviewed verbally',
        }),
        403,
      );
      const overridden = await post(`/sessions/${first.id}/start`, 'psychiatrist', {
        startedAt: startAt,
        overrideReason: 'Screening re-checked today, unchanged',
      });
      expectStatus(overridden, 200);
      expect(overridden.body).toMatchObject({
        status: 'in_progress',
        startOverriddenChecks: [expect.stringMatching(/screening/)],
      });
      await dischargeWithOverride(
        api,
        psych(),
        overridden.body as { id: string; startedAt: string },
      );

      // the same day again: IV induction asks for at least 1 day between sessions
      const second = await order(patient.id, isoAt(Date.now(), 5 * MINUTE));
      await preDose(second.id);
      expectError(
        await post(`/sessions/${second.id}/start`, 'nurse', { startedAt: isoAt(Date.now(), 0) }),
        422,
        /Only 0 days since the course's previous session; IV ketamine 0\.5 mg\/kg \(induction\) asks for at least 1 day/,
      );
      const forced = await post(`/sessions/${second.id}/start`, 'psychiatrist', {
        startedAt: isoAt(Date.now(), 0),
        overrideReason: 'Split infusion on the physician’s order',
      });
      expectStatus(forced, 200);
      expect(forced.body).toMatchObject({ courseSessionNumber: 2 });
    });

    it('reaching the induction count moves the course to maintenance, audited (s8)', async () => {
      const patient = await newPatient();
      const started = await startCourse(patient.id, IV, {
        screenedAt: isoAt(Date.now(), -20 * DAY),
        consentAt: isoAt(Date.now(), -20 * DAY),
      });
      const starts = [19, 17, 15, 12, 10].map((d) => isoAt(Date.now(), -d * DAY));
      for (const at of starts) await give(patient.id, at);
      expect(await course(started.id)).toMatchObject({ phase: 'induction', sessionCount: 5 });
      const sixth = isoAt(Date.now(), -8 * DAY);
      await give(patient.id, sixth);
      expect(await course(started.id)).toMatchObject({
        phase: 'maintenance',
        maintenanceAt: sixth,
        maintenanceReason: null,
        sessionCount: 6,
        version: 2,
      });
      const audit = await api.ds.getRepository(AuditEntry).findOneBy({
        resourceType: 'course',
        resourceId: started.id,
        action: 'update',
      });
      expect(audit?.details).toMatchObject({
        change: 'course.phase',
        after: { phase: 'maintenance' },
      });
      // ending with an order pending is refused
      await order(patient.id, isoAt(Date.now(), HOUR));
      expectError(
        await post(`/courses/${started.id}/end`, 'psychiatrist', { reason: 'completed' }),
        422,
        /ordered and not started/,
      );
    });
  });

  describe('legacy mode (a clinic without clinical or migrated courses)', () => {
    it('a session without a course gets a legacy course, as in v1', async () => {
      const patient = await newPatient('b');
      const res = await post(`/patients/${patient.id}/sessions`, 'b.psychiatrist', {
        ...ivSession({ startedAt: isoAt(Date.now(), -10 * MINUTE) }),
      });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ sessionNumber: 1, courseSessionNumber: 1 });
      const list = await get(`/patients/${patient.id}/courses`, 'b.nurse');
      expectStatus(list, 200);
      expect(list.body).toMatchObject({
        total: 1,
        items: [
          {
            id: res.body.courseId,
            origin: 'legacy',
            protocolId: IV,
            phase: 'induction',
            sessionCount: 1,
            screening: null,
          },
        ],
      });
    });
  });
});
