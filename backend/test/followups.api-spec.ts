import { IsNull } from 'typeorm';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Flag } from '../src/flags/flag.entity';
import { AppSetting, FollowUpRequest } from '../src/followups/follow-up-request.entity';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import { freshDatabase, type FreshDatabase } from './support/fresh-database';
import { openStream } from './support/stream';
import {
  addObservation,
  addPhq9,
  createPatient,
  createSession,
  dischargeWithOverride,
  expectStatus,
  HOUR,
  isoAt,
  MINUTE,
  type PatientRef,
  readyObservation,
  V1,
} from './support/clinical-fixtures';

const GONE = {
  statusCode: 410,
  error: 'Gone',
  message: 'This link is no longer valid. Please contact your clinic.',
};

describe('follow-up requests and patient self-report', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await makeWorld(api);
  });
  afterAll(() => api.close());

  async function sessionStartedHoursAgo(hours: number) {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id, {
      givenName: 'Robin',
      familyName: 'Secretname',
    });
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -hours * HOUR),
    });
    const res = await api
      .http()
      .get(`${V1}/sessions/${session.id}/followups`)
      .set(bearer(world.tokens.a.nurse));
    expectStatus(res, 200);
    const items = res.body.items as {
      id: string;
      kind: string;
      status: string;
      link: string;
      opensAt: string;
      expiresAt: string;
      dueAt: string;
    }[];
    const token = (kind: string) =>
      (items.find((i) => i.kind === kind)?.link ?? '').split('/r/')[1] ?? '';
    return { patient, session, items, token };
  }

  it('creates a 24 h and a 72 h request per session, with windows and statuses of CLINICAL.md s5', async () => {
    const { session, items } = await sessionStartedHoursAgo(13);
    expect(items.map((i) => [i.kind, i.status])).toEqual([
      ['24h', 'open'],
      ['72h', 'scheduled'],
    ]);
    const start = new Date(session.startedAt).getTime();
    expect(new Date(items[0].opensAt).getTime()).toBe(start + 12 * HOUR);
    expect(new Date(items[0].expiresAt).getTime()).toBe(start + 36 * HOUR);
    expect(new Date(items[1].dueAt).getTime()).toBe(start + 72 * HOUR);
    expect(items[0].link).toMatch(/^http:\/\/localhost:\d+\/r\/[A-Za-z0-9_-]{43}$/);
    // only the hash of the token is stored
    const stored = await api.ds.getRepository(FollowUpRequest).findOneByOrFail({ id: items[0].id });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0].link).not.toContain(stored.tokenHash);
  });

  it('says which channels the patient can be reached on (email, SMS), never the address or number', async () => {
    const channelsOf = async (contact: Record<string, unknown>) => {
      const patient = await createPatient(
        api,
        world.tokens.a.psychiatrist,
        world.clinicA.id,
        contact,
      );
      const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
        startedAt: isoAt(Date.now(), -13 * HOUR),
      });
      const res = await api
        .http()
        .get(`${V1}/sessions/${session.id}/followups`)
        .set(bearer(world.tokens.a.nurse));
      expectStatus(res, 200);
      expect(JSON.stringify(res.body)).not.toMatch(/private-inbox|5550199/);
      return (res.body.items as { channels: string[] }[]).map((i) => i.channels);
    };
    expect(await channelsOf({})).toEqual([[], []]);
    expect(await channelsOf({ email: 'private-inbox@example.test' })).toEqual([
      ['email'],
      ['email'],
    ]);
    expect(
      await channelsOf({ email: 'private-inbox@example.test', phone: '+15555550199' }),
    ).toEqual([
      ['email', 'sms'],
      ['email', 'sms'],
    ]);
    expect(await channelsOf({ phone: '+15555550199' })).toEqual([['sms'], ['sms']]);
  });

  it('reveals only the clinic name and the given name, and audits each use with the address', async () => {
    const { patient, token } = await sessionStartedHoursAgo(13);
    const res = await api.http().get(`${V1}/self-report/${token('24h')}`);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      clinicName: world.clinicA.name,
      givenName: 'Robin',
      questionnaire: 'phq9',
      recall: '24_hours',
      expiresAt: expect.any(String),
      open: true,
      opensAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/Secretname|MRN|1980/);
    const audit = await api.ds
      .getRepository(AuditEntry)
      .findOneByOrFail({ resourceType: 'self_report', patientId: patient.id, action: 'read' });
    expect(audit.ip).toBeTruthy();
    expect(audit.actorId).toBeNull();
  });

  it('records the PHQ-9 for the session with 24-hour recall, once; then the link is gone', async () => {
    const { patient, session, token } = await sessionStartedHoursAgo(13);
    const res = await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [1, 1, 1, 1, 1, 0, 0, 0, 0], item10: 1 });
    expectStatus(res, 201);
    expect(res.body).toEqual({ crisis: { show: false, text: null } });
    const phq9 = await api
      .http()
      .get(`${V1}/patients/${patient.id}/phq9`)
      .set(bearer(world.tokens.a.psychiatrist));
    expect(phq9.body.items[0]).toMatchObject({
      total: 5,
      recall: '24_hours',
      sessionId: session.id,
      recordedBy: null,
      hoursSinceDose: expect.any(Number),
    });
    const again = await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(again.status).toBe(410);
    expect(again.body).toEqual(GONE);
    const list = await api
      .http()
      .get(`${V1}/sessions/${session.id}/followups`)
      .set(bearer(world.tokens.a.nurse));
    expect(list.body.items[0]).toMatchObject({
      status: 'completed',
      phq9Id: phq9.body.items[0].id,
    });
  });

  it('answers used, expired and unknown links with the same 410 body', async () => {
    const expired = await sessionStartedHoursAgo(37); // past the 36 h end of the 24-h window
    const used = await sessionStartedHoursAgo(13);
    await api
      .http()
      .post(`${V1}/self-report/${used.token('24h')}`)
      .send({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] })
      .expect(201);
    const bodies = [];
    for (const token of [expired.token('24h'), used.token('24h'), 'x'.repeat(43), 'short']) {
      const get = await api.http().get(`${V1}/self-report/${token}`);
      expect(get.status).toBe(410);
      bodies.push(get.body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual(GONE);
  });

  it('does not accept an answer before the window opens, nor an incomplete form', async () => {
    const { token, session } = await sessionStartedHoursAgo(13);
    const early = await api
      .http()
      .post(`${V1}/self-report/${token('72h')}`)
      .send({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(early.status).toBe(409);
    const info = await api.http().get(`${V1}/self-report/${token('72h')}`);
    expect(info.body).toMatchObject({ open: false });
    const missing = await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [0, 0, 0, 0, 0, 0, 0, 0, null] });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.message)).toContain('items.8 must be answered');
    expect(
      await api.ds
        .getRepository(FollowUpRequest)
        .countBy({ sessionId: session.id, completedAt: IsNull() }),
    ).toBe(2);
  });

  it('item 9 >= 1 shows the crisis text and raises the critical flag at once', async () => {
    const { patient, token } = await sessionStartedHoursAgo(13);
    const res = await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [2, 2, 2, 2, 1, 1, 1, 1, 2] });
    expectStatus(res, 201);
    expect(res.body.crisis.show).toBe(true);
    expect(res.body.crisis.text).toMatch(/988/);
    expect(res.body.crisis.text).toMatch(/911|emergency/);
    const flag = await api.ds
      .getRepository(Flag)
      .findOneBy({ patientId: patient.id, rule: 'phq9.item9_positive' });
    expect(flag).toMatchObject({ severity: 'critical', status: 'open' });
  });

  it('marks the PHQ-9 and its point on the response chart as self-reported; staff entries as clinic', async () => {
    const { patient, session, token } = await sessionStartedHoursAgo(13);
    await addPhq9(api, world.tokens.a.nurse, patient.id, isoAt(session.startedAt, -30 * MINUTE), 9);
    await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [1, 1, 1, 0, 0, 0, 0, 0, 0] })
      .expect(201);
    const phq9 = await api
      .http()
      .get(`${V1}/patients/${patient.id}/phq9`)
      .set(bearer(world.tokens.a.psychiatrist));
    expect(phq9.body.items.map((a: { source: string }) => a.source)).toEqual([
      'self_report',
      'clinic',
    ]);
    const response = await api
      .http()
      .get(`${V1}/patients/${patient.id}/response`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(response, 200);
    expect(response.body.sessions[0].at24h).toMatchObject({ total: 3, source: 'self_report' });
  });

  it('puts an item-9 answer from home on the board (patient not on site) and the stream, until acknowledged', async () => {
    const { patient, session, token } = await sessionStartedHoursAgo(13);
    await dischargeWithOverride(api, world.tokens.a.psychiatrist, session);
    const ticket = await api
      .http()
      .post(`${V1}/board/tickets`)
      .set(bearer(world.tokens.a.nurse))
      .expect(201);
    const stream = await openStream(api.app, `${V1}/board/stream?ticket=${ticket.body.ticket}`);
    try {
      await api
        .http()
        .post(`${V1}/self-report/${token('24h')}`)
        .send({ items: [1, 1, 1, 1, 1, 1, 1, 1, 1] })
        .expect(201);
      const events = await stream.waitFor((b) => b.includes('"type":"flag"'));
      expect(events).toContain(`"patientId":"${patient.id}"`);
    } finally {
      stream.close();
    }
    const board = await api
      .http()
      .get(`${V1}/board?clinicId=${world.clinicA.id}`)
      .set(bearer(world.tokens.a.nurse));
    expectStatus(board, 200);
    expect(board.body.items.some((i: { patientId: string }) => i.patientId === patient.id)).toBe(
      false,
    );
    const flag = board.body.attention.find(
      (f: { patientId: string; rule: string }) =>
        f.patientId === patient.id && f.rule === 'phq9.item9_positive',
    );
    expect(flag).toMatchObject({
      severity: 'critical',
      status: 'open',
      patientName: 'Robin Secretname',
      mrn: (patient as PatientRef & { mrn: string }).mrn,
    });
    // Acknowledged: the inbox keeps it, the board's attention list lets it go.
    await api
      .http()
      .post(`${V1}/flags/${flag.id}/acknowledge`)
      .set(bearer(world.tokens.a.nurse))
      .send({ note: 'Phoned the patient' })
      .expect(200);
    const after = await api
      .http()
      .get(`${V1}/board?clinicId=${world.clinicA.id}`)
      .set(bearer(world.tokens.a.nurse));
    expect(after.body.attention.map((f: { id: string }) => f.id)).not.toContain(flag.id);
    // Another clinic's board never shows it.
    const other = await api.http().get(`${V1}/board`).set(bearer(world.tokens.b.nurse));
    expect(JSON.stringify(other.body)).not.toContain(patient.id);
  });

  it('lists flags with the patient, the session number and the session follow-ups, completed by the self-report', async () => {
    const { patient, session, token } = await sessionStartedHoursAgo(13);
    await addObservation(
      api,
      world.tokens.a.nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 40 * MINUTE), { systolic: 186, diastolic: 104 }),
    );
    await api
      .http()
      .post(`${V1}/self-report/${token('24h')}`)
      .send({ items: [0, 0, 0, 0, 0, 0, 0, 0, 0] })
      .expect(201);
    const res = await api
      .http()
      .get(`${V1}/flags?patientId=${patient.id}`)
      .set(bearer(world.tokens.a.psychiatrist));
    expectStatus(res, 200);
    const bp = res.body.items.find((f: { sessionId: string | null }) => f.sessionId === session.id);
    expect(bp).toMatchObject({
      patientName: 'Robin Secretname',
      mrn: (patient as PatientRef & { mrn: string }).mrn,
      sessionNumber: 1,
    });
    expect(
      bp.followUps.map((f: { kind: string; status: string; completedAt: string | null }) => [
        f.kind,
        f.status,
        f.completedAt !== null,
      ]),
    ).toEqual([
      ['24h', 'completed', true],
      ['72h', 'scheduled', false],
    ]);
    expect(JSON.stringify(bp.followUps)).not.toContain('/r/');
  });

  it('keeps the follow-up list clinic-scoped', async () => {
    const { session } = await sessionStartedHoursAgo(1);
    expectStatus(
      await api
        .http()
        .get(`${V1}/sessions/${session.id}/followups`)
        .set(bearer(world.tokens.b.nurse)),
      404,
    );
    expect(Date.now() - new Date(session.startedAt).getTime()).toBeGreaterThan(59 * MINUTE);
  });
  it('closes the links of a session entered in error: the patient gets the 410 of any used link, a queued message is cancelled', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id, {
      email: 'wrong.chart@example.test',
    });
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -13 * HOUR),
    });
    const list = await api
      .http()
      .get(`${V1}/sessions/${session.id}/followups`)
      .set(bearer(world.tokens.a.nurse));
    const open = (list.body.items as { id: string; status: string; link: string }[])[0];
    expect(open.status).toBe('open');
    const link = open.link.split('/r/')[1] ?? '';
    expectStatus(await api.http().get(`${V1}/self-report/${link}`), 200);
    expectStatus(
      await api
        .http()
        .post(`${V1}/followups/${open.id}/send`)
        .set(bearer(world.tokens.a.nurse))
        .send({ channel: 'email' }),
      202,
    );

    expectStatus(
      await api
        .http()
        .post(`${V1}/sessions/${session.id}/entered-in-error`)
        .set(bearer(world.tokens.a.psychiatrist))
        .send({ reason: 'Recorded on the wrong chart' }),
      200,
    );
    const gone = await api.http().get(`${V1}/self-report/${link}`);
    const used = await api.http().get(`${V1}/self-report/${'x'.repeat(43)}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual(used.body);
    const after = await api
      .http()
      .get(`${V1}/sessions/${session.id}/followups`)
      .set(bearer(world.tokens.a.nurse));
    expect((after.body.items as { status: string }[]).map((i) => i.status)).toEqual([
      'expired',
      'expired',
    ]);
    const messages = await api.ds.getRepository(OutboxMessage).findBy({ followUpId: open.id });
    expect(messages.map((m) => [m.status, m.lastError])).toEqual([
      ['failed', 'session entered in error'],
    ]);
    expect(
      await api.ds.getRepository(AuditEntry).countBy({
        resourceType: 'follow_up_request',
        action: 'update',
        patientId: patient.id,
      }),
    ).toBe(2);
  });
});

describe('self-report links: rate limited per address, with Retry-After', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ trustProxy: true });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After (seconds to the end of the window) once an address guesses links at speed', async () => {
    const from = '203.0.113.77';
    const guess = (i: number) =>
      api
        .http()
        .get(`${V1}/self-report/guessed-link-token-${String(i).padStart(4, '0')}`)
        .set('X-Forwarded-For', from);
    for (let i = 0; i < 30; i++) expectStatus(await guess(i), 410);
    const limited = await guess(30);
    expectStatus(limited, 429);
    const seconds = Number(limited.headers['retry-after']);
    expect(seconds).toBeGreaterThan(500);
    expect(seconds).toBeLessThanOrEqual(600);
    // another address is not affected
    expectStatus(
      await api
        .http()
        .get(`${V1}/self-report/guessed-link-token-0000`)
        .set('X-Forwarded-For', '203.0.113.78'),
      410,
    );
  });
});

describe('the link-signing secret leaves the database once LINK_SECRET is set', () => {
  let fresh: FreshDatabase;
  let api: TestApi | null = null;
  beforeAll(async () => {
    fresh = await freshDatabase('link_secret');
  });
  afterAll(async () => {
    await api?.close();
    await fresh.drop();
  });

  it('a restart with LINK_SECRET removes the generated secret and re-signs open links with it', async () => {
    // Before: no LINK_SECRET (as development, or a deployment from before it was required).
    api = await startApi({ database: fresh.database, linkSecret: null });
    const world = await makeWorld(api);
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -13 * HOUR),
    });
    const list = async () =>
      (
        await api!
          .http()
          .get(`${V1}/sessions/${session.id}/followups`)
          .set(bearer(world.tokens.a.nurse))
      ).body.items as { kind: string; link: string }[];
    const before = (await list()).find((i) => i.kind === '24h')?.link ?? '';
    const stored = await api.ds
      .getRepository(AppSetting)
      .findOneBy({ key: 'follow_up_link_secret' });
    expect(stored?.value).toBeTruthy();
    await api.close();

    // After: the same database, started with LINK_SECRET.
    const linkSecret = 'a-link-signing-secret-from-the-environment-0123';
    api = await startApi({ database: fresh.database, linkSecret });
    expect(await api.ds.getRepository(AppSetting).countBy({ key: 'follow_up_link_secret' })).toBe(
      0,
    );
    const after = (await list()).find((i) => i.kind === '24h')?.link ?? '';
    expect(after).not.toBe(before);
    // the link staff now see opens; the one signed with the removed secret does not
    expectStatus(await api.http().get(`${V1}/self-report/${after.split('/r/')[1]}`), 200);
    expectStatus(await api.http().get(`${V1}/self-report/${before.split('/r/')[1]}`), 410);
  });
});
