import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  expectStatus,
  isoAt,
  MINUTE,
  postObservation,
  readyObservation,
  V1,
} from './support/clinical-fixtures';
import { openStream } from './support/stream';

describe('live board', () => {
  const { api, world } = useApi();

  it('lists the in-progress sessions of the clinic with latest values, next due, flags and readiness', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id, {
      givenName: 'Board',
      familyName: 'Patient',
    });
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -36 * MINUTE),
    });
    await postObservation(
      api,
      world.tokens.a.nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, -5 * MINUTE)),
    );
    await postObservation(
      api,
      world.tokens.a.nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 15 * MINUTE), {
        moaas: 3,
        systolic: 150,
        diastolic: 90,
      }),
    );
    const res = await api
      .http()
      .get(`${V1}/board?clinicId=${world.clinicA.id}`)
      .set(bearer(world.tokens.a.nurse));
    expectStatus(res, 200);
    const item = res.body.items.find((i: { sessionId: string }) => i.sessionId === session.id);
    expect(item).toMatchObject({
      patientId: patient.id,
      patientName: 'Board Patient',
      drug: 'ketamine',
      doseMg: 35,
      minutesSinceDose: 36,
      nextObservationSlotMinutes: 30,
      overdue: false,
      latest: { systolic: 150, diastolic: 90, moaas: 3, minutesSinceDose: 15 },
      readiness: { ready: false },
    });
    expect(item.openFlags.map((f: { rule: string }) => f.rule)).toContain('sedation.moderate');
    expect(new Date(item.nextObservationDueAt).getTime()).toBe(
      new Date(session.startedAt).getTime() + 30 * MINUTE,
    );
    // another clinic's board never shows it; asking for that clinic is a 404
    const other = await api.http().get(`${V1}/board`).set(bearer(world.tokens.b.nurse));
    expect(other.body.items.map((i: { sessionId: string }) => i.sessionId)).not.toContain(
      session.id,
    );
    expectStatus(
      await api
        .http()
        .get(`${V1}/board?clinicId=${world.clinicA.id}`)
        .set(bearer(world.tokens.b.nurse)),
      404,
    );
    // the board read is audited per patient shown
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ resourceType: 'board', patientId: patient.id }),
    ).toBe(1);
  });

  it('gives each tile its own reading and time, counts only a full set as the scheduled check, marks values and names who acknowledged (issue 20)', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -27 * MINUTE),
    });
    const start = new Date(session.startedAt).getTime();
    const pre = await postObservation(
      api,
      world.tokens.a.nurse,
      session.id,
      readyObservation(isoAt(start, -5 * MINUTE)),
    );
    expectStatus(pre, 201);
    // An HR-only entry at 13 min, then SpO2 85 alone at 20 min.
    expectStatus(
      await postObservation(api, world.tokens.a.nurse, session.id, {
        recordedAt: isoAt(start, 13 * MINUTE + 10_000),
        heartRate: 92,
      }),
      201,
    );
    expectStatus(
      await postObservation(api, world.tokens.a.nurse, session.id, {
        recordedAt: isoAt(start, 20 * MINUTE + 10_000),
        spo2: 85,
      }),
      201,
    );
    const read = async () => {
      const res = await api
        .http()
        .get(`${V1}/board?clinicId=${world.clinicA.id}`)
        .set(bearer(world.tokens.a.nurse));
      expectStatus(res, 200);
      return res.body.items.find((i: { sessionId: string }) => i.sessionId === session.id);
    };
    const item = await read();
    expect(
      item.vitals.map((v: { key: string; values: number[]; minutesSinceDose: number | null }) => [
        v.key,
        v.values,
        v.minutesSinceDose,
      ]),
    ).toEqual([
      ['bp', [124, 78], -5],
      ['heartRate', [92], 13],
      ['spo2', [85], 20],
      ['respiratoryRate', [14], -5],
      ['moaas', [5], -5],
      ['cadss6Total', [0], -5],
    ]);
    expect(item.vitals.find((v: { key: string }) => v.key === 'spo2').mark).toEqual({
      level: 'critical',
      text: 'Low, < 92',
      rule: 'respiratory.depression',
    });
    expect(item.vitals.find((v: { key: string }) => v.key === 'bp').mark).toBeNull();
    expect(item.lastFullSet).toMatchObject({ observationId: pre.body.id, minutesSinceDose: -5 });
    // The 15-min check is still due (partial readings do not count), 12 min late: overdue.
    expect(item).toMatchObject({ nextObservationSlotMinutes: 15, overdue: true });
    const overdue = item.openFlags.find((f: { rule: string }) => f.rule === 'monitoring.overdue');
    expect(overdue.message).toContain('is not a full set (no BP, HR, MOAA/S)');
    const low = item.openFlags.find((f: { rule: string }) => f.rule === 'respiratory.depression');
    expect(low).toMatchObject({ acknowledgedByName: null, resolvedByName: null });

    const ack = await api
      .http()
      .post(`${V1}/flags/${low.id}/acknowledge`)
      .set(bearer(world.tokens.a.nurse))
      .send({ note: 'oxygen on' });
    expectStatus(ack, 200);
    expect(ack.body).toMatchObject({ acknowledgedByName: 'Test nurse', resolvedByName: null });
    const after = await read();
    expect(after.openFlags.find((f: { id: string }) => f.id === low.id).acknowledgedByName).toBe(
      'Test nurse',
    );
    const listed = await api
      .http()
      .get(`${V1}/flags?patientId=${patient.id}`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(listed, 200);
    expect(listed.body.items.find((f: { id: string }) => f.id === low.id).acknowledgedByName).toBe(
      'Test nurse',
    );
    const resolved = await api
      .http()
      .post(`${V1}/flags/${low.id}/resolve`)
      .set(bearer(world.tokens.a.psychiatrist))
      .send({ note: 'SpO2 back to 97' });
    expectStatus(resolved, 200);
    expect(resolved.body).toMatchObject({
      acknowledgedByName: 'Test nurse',
      resolvedByName: 'Test psychiatrist',
    });
  });

  it('streams an event for an observation and the flag it raises, after commit, to the clinic only; tickets are single use', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -41 * MINUTE),
    });
    const ticket = await api.http().post(`${V1}/board/tickets`).set(bearer(world.tokens.a.nurse));
    expectStatus(ticket, 201);
    const streamA = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
    const streamB = await openStream(api.app, `${V1}/board/stream`, bearer(world.tokens.b.nurse));
    expect(streamA.status).toBe(200);
    expect(streamA.contentType).toMatch(/text\/event-stream/);
    try {
      const obs = await postObservation(
        api,
        world.tokens.a.nurse,
        session.id,
        readyObservation(isoAt(Date.now(), 0), { systolic: 186, diastolic: 104 }),
      );
      expectStatus(obs, 201);
      const body = await streamA.waitFor(
        (b) => b.includes('"type":"flag"') && b.includes('"type":"observation"'),
      );
      expect(body).toContain(`"sessionId":"${session.id}"`);
      expect(body).toContain('event: board');
      // ids only: no names or values in the stream
      // (checked on the parsed events: a random UUID may contain the digits "186")
      const events = body
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(Object.keys(event).sort()).toEqual([
          'at',
          'clinicId',
          'patientId',
          'sessionId',
          'type',
        ]);
      }
      expect(body).not.toMatch(/givenName|familyName|systolic/);
      expect(await streamB.waitFor((b) => b.includes(session.id), 300)).not.toContain(session.id);
    } finally {
      streamA.close();
      streamB.close();
    }
    // the ticket was spent
    const again = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
    expect(again.status).toBe(401);
    again.close();
    const none = await openStream(api.app, `${V1}/board/stream`);
    expect(none.status).toBe(401);
    none.close();
  });
});
