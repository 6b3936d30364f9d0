/**
 * Completing and submitting the Esketamine REMS Patient Monitoring Form, and the list of forms
 * due (API.md "REMS and printing (v2)"; CLINICAL.md s3: submit within 7 days of each session).
 * Its own database, so the due list holds exactly the sessions made here.
 */
import type { FindOptionsWhere } from 'typeorm';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { RemsFormRecord } from '../src/rems/rems-form.entity';
import {
  addObservation,
  createPatient,
  createSession,
  DAY,
  dischargeWithOverride,
  expectError,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  readyObservation,
  type SessionRef,
} from './support/clinical-fixtures';
import { useApi } from './support/use-api';

describe('REMS form: completing, submitting, forms due', () => {
  const { api, world, get, post, patch } = useApi({ fresh: 'rems_submission' });
  const auditCount = (where: FindOptionsWhere<AuditEntry>) =>
    api.ds.getRepository(AuditEntry).count({ where });

  const esketamine = async (
    startedAt: number,
    overrides: Record<string, unknown> = {},
    clinic: 'a' | 'b' = 'a',
  ): Promise<SessionRef> => {
    const psych = world.tokens[clinic].psychiatrist;
    const clinicId = clinic === 'a' ? world.clinicA.id : world.clinicB.id;
    const patient = await createPatient(api, psych, clinicId, { sex: 'female' });
    return createSession(api, psych, patient.id, {
      drug: 'esketamine',
      route: 'intranasal',
      doseMg: 56,
      infusionMinutes: undefined,
      startedAt: isoAt(startedAt, 0),
      ...overrides,
    });
  };

  /** An esketamine session recorded end to end: only provider and setting are missing. */
  const recorded = async (startedAt: number, clinic: 'a' | 'b' = 'a'): Promise<SessionRef> => {
    const session = await esketamine(
      startedAt,
      { lotNumber: 'SPR-1', concomitantMedications: ['none'] },
      clinic,
    );
    const nurse = world.tokens[clinic].nurse;
    const at = (minutes: number) => isoAt(startedAt, minutes * MINUTE);
    for (const minutes of [-5, 40, 90, 120]) {
      await addObservation(api, nurse, session.id, readyObservation(at(minutes)));
    }
    const discharge = await post(
      `/sessions/${session.id}/discharge`,
      clinic === 'a' ? 'nurse' : 'b.nurse',
      { dischargedAt: at(125) },
    );
    expectStatus(discharge, 200);
    return session;
  };

  const completion = {
    monitoringProvider: 'Nora Nurse, RN',
    setting: 'Riverside Clinic, treatment room 2',
  };
  const rems = (sessionId: string) => `/sessions/${sessionId}/rems`;
  const submitted = (sessionId: string) => `/sessions/${sessionId}/rems/submitted`;
  const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

  describe('PATCH /sessions/:id/rems', () => {
    let session: SessionRef;
    beforeAll(async () => {
      session = await recorded(Date.now() - 4 * HOUR);
    });

    it('needs If-Match (428), refuses a stale one (412) and a malformed one (400)', async () => {
      expectError(await patch(rems(session.id), 'nurse', completion), 428, /If-Match/);
      expectError(await patch(rems(session.id), 'nurse', completion, ifMatch(3)), 412, /version 0/);
      expectError(
        await patch(rems(session.id), 'nurse', completion, { 'If-Match': 'abc' }),
        400,
        /If-Match/,
      );
      expect(await api.ds.getRepository(RemsFormRecord).countBy({ sessionId: session.id })).toBe(0);
    });

    it('records provider and setting (version 0 -> 1), audited as create in the same unit', async () => {
      const created = {
        action: 'create' as const,
        resourceType: 'rems_form',
        resourceId: session.id,
      };
      const before = await auditCount(created);
      const res = await patch(rems(session.id), 'nurse', completion, ifMatch(0));
      expectStatus(res, 200);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({
        ...completion,
        version: 1,
        missing: [],
        complete: true,
        corrections: [],
        submittedAt: null,
      });
      expect(await auditCount(created)).toBe(before + 1);
      const read = await get(rems(session.id), 'manager');
      expectStatus(read, 200);
      expect(read.body).toMatchObject({ ...completion, version: 1, complete: true });
      expect(read.headers['etag']).toBe('"1"');
    });

    it('records corrections with the record value beside them; an unchanged one keeps who and when', async () => {
      const first = await patch(
        rems(session.id),
        'nurse',
        {
          corrections: [
            {
              field: 'bp.at40Min',
              value: '150/92',
              reason: 'Paper chart: the cuff reading at 41 min',
            },
          ],
        },
        ifMatch(1),
      );
      expectStatus(first, 200);
      expect(first.body).toMatchObject({
        version: 2,
        // Absent fields are kept.
        monitoringProvider: completion.monitoringProvider,
        corrections: [
          {
            field: 'bp.at40Min',
            value: '150/92',
            reason: 'Paper chart: the cuff reading at 41 min',
            original: '124/78',
            correctedBy: world.users.a.nurse.id,
          },
        ],
        // The record's facts stay as recorded.
        bp: { at40Min: { systolic: 124, diastolic: 78, minutesSinceDose: 40 } },
      });
      const [kept] = first.body.corrections as { correctedAt: string }[];
      const second = await patch(
        rems(session.id),
        'psychiatrist',
        {
          corrections: [
            {
              field: 'bp.at40Min',
              value: '150/92',
              reason: 'Paper chart: the cuff reading at 41 min',
            },
            { field: 'lotNumber', value: 'SPR-2', reason: 'Wrong box scanned' },
          ],
        },
        ifMatch(2),
      );
      expectStatus(second, 200);
      expect(second.body.corrections).toEqual([
        expect.objectContaining({
          field: 'bp.at40Min',
          correctedAt: kept.correctedAt,
          correctedBy: world.users.a.nurse.id,
        }),
        expect.objectContaining({
          field: 'lotNumber',
          value: 'SPR-2',
          original: 'SPR-1',
          correctedBy: world.users.a.psychiatrist.id,
        }),
      ]);
      // An empty list removes them; a blank provider clears it, so it is missing again.
      const cleared = await patch(
        rems(session.id),
        'nurse',
        { corrections: [], monitoringProvider: '  ' },
        ifMatch(3),
      );
      expectStatus(cleared, 200);
      expect(cleared.body).toMatchObject({
        corrections: [],
        monitoringProvider: null,
        missing: ['monitoringProvider'],
        complete: false,
      });
      expectStatus(
        await patch(rems(session.id), 'nurse', { monitoringProvider: 'N. Nurse' }, ifMatch(4)),
        200,
      );
    });

    it.each([
      [
        'a field not on the form',
        { corrections: [{ field: 'mrn', value: 'x', reason: 'y' }] },
        /corrections\.0\.field must be one of patient\.name/,
      ],
      [
        'a correction without a reason',
        { corrections: [{ field: 'lotNumber', value: 'SPR-3' }] },
        /corrections\.0\.reason/,
      ],
      [
        'a blank reason',
        { corrections: [{ field: 'lotNumber', value: 'SPR-3', reason: '   ' }] },
        /corrections\.0\.reason must not be empty/,
      ],
      [
        'a yes/no field given another word',
        { corrections: [{ field: 'sedation', value: 'maybe', reason: 'r' }] },
        /corrections\.0\.value must be yes or no for sedation/,
      ],
      [
        'an implausible blood pressure',
        { corrections: [{ field: 'bp.end', value: '320/90', reason: 'r' }] },
        /corrections\.0\.value must be a blood pressure/,
      ],
      [
        'the same field twice',
        {
          corrections: [
            { field: 'lotNumber', value: 'A', reason: 'r' },
            { field: 'lotNumber', value: 'B', reason: 'r' },
          ],
        },
        /corrections must name each field at most once/,
      ],
      [
        'an unknown property in a correction',
        { corrections: [{ field: 'lotNumber', value: 'A', reason: 'r', original: 'x' }] },
        /corrections\.0\.property original should not exist/,
      ],
      [
        'an unknown property',
        { submittedAt: new Date().toISOString() },
        /submittedAt should not exist/,
      ],
      [
        'a provider too long',
        { monitoringProvider: 'x'.repeat(201) },
        /monitoringProvider must be/,
      ],
      ['a setting not text', { setting: 12 }, /setting must be a string/],
    ])('400 for %s, naming the field', async (_case, body, pattern) => {
      const current = await get(rems(session.id), 'nurse');
      const res = await patch(rems(session.id), 'nurse', body, ifMatch(current.body.version));
      expectError(res, 400, pattern);
      expect((await get(rems(session.id), 'nurse')).body.version).toBe(current.body.version);
    });

    it('is refused to a manager and an administrator (403), another clinic (404), a ketamine session (422)', async () => {
      expectStatus(await patch(rems(session.id), 'manager', completion, ifMatch(0)), 403);
      expectStatus(await patch(rems(session.id), 'admin', completion, ifMatch(0)), 403);
      for (const who of ['b.nurse', 'b.psychiatrist'] as const) {
        expectError(
          await patch(rems(session.id), who, completion, ifMatch(0)),
          404,
          /Session not found/,
        );
      }
      const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
      const ketamine = await createSession(api, world.tokens.a.psychiatrist, patient.id);
      expectError(
        await patch(rems(ketamine.id), 'nurse', completion, ifMatch(0)),
        422,
        /esketamine sessions only/,
      );
    });

    it('refuses a session entered in error (422)', async () => {
      const wrong = await recorded(Date.now() - 5 * HOUR);
      expectStatus(
        await post(`/sessions/${wrong.id}/entered-in-error`, 'psychiatrist', {
          reason: 'wrong patient',
        }),
        200,
      );
      expectError(
        await patch(rems(wrong.id), 'nurse', completion, ifMatch(0)),
        422,
        /entered in error/,
      );
    });
  });

  describe('POST /sessions/:id/rems/submitted', () => {
    it('422 naming what is missing; once complete 200 with who and when; then 422 for a second submission and for changes', async () => {
      const start = Date.now() - 6 * HOUR;
      const session = await recorded(start);
      const at = isoAt(start, 3 * HOUR);
      const refused = await post(submitted(session.id), 'nurse', { submittedAt: at });
      expectError(refused, 422, /missing monitoringProvider, setting$/);

      expectStatus(await patch(rems(session.id), 'nurse', completion, ifMatch(0)), 200);
      // A stale If-Match is 412 here too.
      expectStatus(
        await post(submitted(session.id), 'nurse', { submittedAt: at }, ifMatch(0)),
        412,
      );
      const updates = {
        action: 'update' as const,
        resourceType: 'rems_form',
        resourceId: session.id,
      };
      const before = await auditCount(updates);
      const res = await post(
        submitted(session.id),
        'nurse',
        { submittedAt: at, reference: ' REMS-0042 ' },
        ifMatch(1),
      );
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        submittedAt: at,
        submittedBy: world.users.a.nurse.id,
        submittedByName: world.users.a.nurse.name,
        reference: 'REMS-0042',
        version: 2,
        overdue: false,
      });
      expect(await auditCount(updates)).toBe(before + 1);

      expectError(
        await post(submitted(session.id), 'psychiatrist', { submittedAt: at }),
        422,
        /already marked submitted/,
      );
      expectError(
        await patch(rems(session.id), 'nurse', { setting: 'elsewhere' }, ifMatch(2)),
        422,
        /already marked submitted/,
      );
      expect((await get(rems(session.id), 'manager')).body).toMatchObject({
        submittedAt: at,
        reference: 'REMS-0042',
      });
    });

    it('400 for a time in the future, before the dose start, or not a time; 400 for unknown fields', async () => {
      const start = Date.now() - 5 * HOUR;
      const session = await recorded(start);
      expectStatus(await patch(rems(session.id), 'nurse', completion, ifMatch(0)), 200);
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ submittedAt: isoAt(Date.now(), 1 * HOUR) }, /submittedAt must not be in the future/],
        [
          { submittedAt: isoAt(start, -1 * MINUTE) },
          /submittedAt must not be before the session's dose start/,
        ],
        [{ submittedAt: 'yesterday' }, /submittedAt/],
        [{}, /submittedAt/],
        [{ submittedAt: isoAt(start, HOUR), reference: 'x'.repeat(101) }, /reference must be/],
        [{ submittedAt: isoAt(start, HOUR), by: 'me' }, /property by should not exist/],
      ];
      for (const [body, pattern] of cases) {
        expectError(await post(submitted(session.id), 'nurse', body), 400, pattern);
      }
      expect((await get(rems(session.id), 'nurse')).body.submittedAt).toBeNull();
    });

    it('is refused to a manager (403), another clinic (404), a ketamine session (422)', async () => {
      const session = await recorded(Date.now() - 5 * HOUR);
      const body = { submittedAt: new Date().toISOString() };
      expectStatus(await post(submitted(session.id), 'manager', body), 403);
      expectStatus(await post(submitted(session.id), 'admin', body), 403);
      expectError(await post(submitted(session.id), 'b.nurse', body), 404, /Session not found/);
      const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
      const ketamine = await createSession(api, world.tokens.a.psychiatrist, patient.id);
      expectError(
        await post(submitted(ketamine.id), 'nurse', body),
        422,
        /esketamine sessions only/,
      );
    });
  });

  describe('GET /rems/due', () => {
    type Item = { sessionId: string; deadline: string; overdue: boolean; missing: string[] };
    const dueIds = async (who: Parameters<typeof get>[1] = 'nurse', query = '') => {
      const res = await get(`/rems/due${query}`, who);
      expectStatus(res, 200);
      return res.body as { items: Item[]; total: number };
    };

    it('lists given esketamine sessions whose form is not submitted, oldest first, with deadline and overdue; a submitted one leaves', async () => {
      // Submit every form the other tests left behind, so the list holds this test's sessions.
      for (const item of (await dueIds('nurse', '?limit=200')).items) {
        const form = (await get(rems(item.sessionId), 'nurse')).body as {
          version: number;
          missing: string[];
        };
        if (form.missing.length === 0) {
          await post(submitted(item.sessionId), 'nurse', { submittedAt: new Date().toISOString() });
        }
      }
      const left = new Set((await dueIds('nurse', '?limit=200')).items.map((i) => i.sessionId));

      const nine = Date.now() - 9 * DAY;
      const three = Date.now() - 3 * DAY;
      const old = await esketamine(nine);
      await dischargeWithOverride(api, world.tokens.a.psychiatrist, old);
      const recent = await recorded(three);
      const inProgress = await esketamine(Date.now() - 20 * MINUTE);
      const ordered = await createSession(
        api,
        world.tokens.a.psychiatrist,
        (await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id)).id,
        {
          drug: 'esketamine',
          route: 'intranasal',
          doseMg: 56,
          infusionMinutes: undefined,
          startedAt: undefined,
          plannedAt: isoAt(Date.now(), 2 * HOUR),
        },
      );
      expect(ordered.status).toBe('ordered');
      const ketaminePatient = await createPatient(
        api,
        world.tokens.a.psychiatrist,
        world.clinicA.id,
      );
      const ketamine = await createSession(api, world.tokens.a.psychiatrist, ketaminePatient.id);
      const inError = await esketamine(Date.now() - 2 * DAY);
      expectStatus(
        await post(`/sessions/${inError.id}/entered-in-error`, 'psychiatrist', {
          reason: 'duplicate',
        }),
        200,
      );
      const otherClinic = await esketamine(Date.now() - 8 * DAY, {}, 'b');

      const mine = (await dueIds()).items.filter((i) => !left.has(i.sessionId));
      expect(mine.map((i) => i.sessionId)).toEqual([old.id, recent.id, inProgress.id]);
      const ids = mine.map((i) => i.sessionId);
      for (const id of [ordered.id, ketamine.id, inError.id, otherClinic.id]) {
        expect(ids).not.toContain(id);
      }
      expect(mine[0]).toEqual({
        sessionId: old.id,
        patientId: old.patientId,
        patientName: expect.any(String),
        mrn: expect.any(String),
        sessionNumber: 1,
        startedAt: new Date(nine).toISOString(),
        deadline: new Date(nine + 7 * DAY).toISOString(),
        overdue: true,
        missing: expect.arrayContaining([
          'monitoringProvider',
          'setting',
          'lotNumber',
          'bp.preDose',
        ]),
      });
      expect(mine[1]).toMatchObject({
        deadline: new Date(three + 7 * DAY).toISOString(),
        overdue: false,
        missing: ['monitoringProvider', 'setting'],
      });
      // Clinic B sees its own only.
      expect((await dueIds('b.manager')).items.map((i) => i.sessionId)).toContain(otherClinic.id);
      expect((await dueIds('b.manager')).items.map((i) => i.sessionId)).not.toContain(old.id);

      // Completed and submitted: it leaves the list.
      const completed = await patch(rems(recent.id), 'nurse', completion, ifMatch(0));
      expectStatus(completed, 200);
      expect((await dueIds()).items.find((i) => i.sessionId === recent.id)?.missing).toEqual([]);
      expectStatus(
        await post(submitted(recent.id), 'nurse', { submittedAt: new Date().toISOString() }),
        200,
      );
      expect((await dueIds()).items.map((i) => i.sessionId)).not.toContain(recent.id);
    });

    it('pages with limit and offset; total counts every form due', async () => {
      const all = await dueIds('manager', '?limit=200');
      expect(all.total).toBe(all.items.length);
      expect(all.total).toBeGreaterThanOrEqual(3);
      const second = await dueIds('psychiatrist', '?limit=1&offset=1');
      expect(second.total).toBe(all.total);
      expect(second.items.map((i) => i.sessionId)).toEqual([all.items[1].sessionId]);
      const sorted = [...all.items].sort((a, b) => a.deadline.localeCompare(b.deadline));
      expect(all.items).toEqual(sorted);
    });

    it('scopes by clinic: the own clinic 200, another 404 (audited), bad input 400, admin 403', async () => {
      expectStatus(await get(`/rems/due?clinicId=${world.clinicA.id}`, 'nurse'), 200);
      const denied = { action: 'access_denied' as const, actorId: world.users.a.nurse.id };
      const before = await auditCount(denied);
      expectError(await get(`/rems/due?clinicId=${world.clinicB.id}`, 'nurse'), 404, /not found/);
      // Audited (under each of the actor's own clinics, never the other one).
      expect(await auditCount(denied)).toBeGreaterThan(before);
      expectError(await get('/rems/due?clinicId=nope', 'nurse'), 400, /clinicId must be a UUID/);
      expectError(await get('/rems/due?limit=0', 'nurse'), 400, /limit must not be less than 1/);
      expectError(await get('/rems/due?foo=1', 'nurse'), 400, /property foo should not exist/);
      expectStatus(await get('/rems/due', 'admin'), 403);
      expectStatus(await api.http().get('/api/v1/rems/due'), 401);
    });

    it('audits the read: one search entry per patient listed', async () => {
      const list = await dueIds('manager');
      const patients = new Set(list.items.map((i) => i.sessionId)).size;
      expect(patients).toBeGreaterThan(0);
      const search = {
        action: 'search' as const,
        resourceType: 'rems_form',
        actorId: world.users.a.manager.id,
      };
      const before = await auditCount(search);
      await dueIds('manager');
      expect(await auditCount(search)).toBe(before + patients);
    });
  });
});
