import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { OutboxService } from '../src/outbox/outbox.service';
import { AuditService } from '../src/common/audit/audit.service';
import { Db } from '../src/common/transactions/db.service';
import { OutboxWithoutLinks1766016000000 } from '../src/database/migrations/1766016000000-outbox-without-links';
import { FollowUpsService } from '../src/followups/follow-ups.service';
import { bearer, makeWorld, startApi, type TestApi, type World } from './support/api';
import {
  createPatient,
  createSession,
  expectStatus,
  HOUR,
  isoAt,
  V1,
} from './support/clinical-fixtures';

describe('sending follow-up links through the outbox', () => {
  let api: TestApi;
  let world: World;
  let smtp: SMTPServer;
  const received: { to: string[]; data: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    api = await startApi({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: 'Follow-up <no-reply@clinic.test>',
    });
    world = await makeWorld(api);
  });
  afterAll(async () => {
    await api.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  async function followUp(contact: Record<string, unknown>) {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id, {
      givenName: 'Harper',
      familyName: 'Hiddenname',
      ...contact,
    });
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -2 * HOUR),
    });
    const list = await api
      .http()
      .get(`${V1}/sessions/${session.id}/followups`)
      .set(bearer(world.tokens.a.nurse));
    return { patient, item: list.body.items[0] as { id: string; link: string } };
  }

  it('queues an email in the outbox (audited) and delivers it to the SMTP server with the link and the clinic name only', async () => {
    const { patient, item } = await followUp({ email: 'harper.patient@example.test' });
    const res = await api
      .http()
      .post(`${V1}/followups/${item.id}/send`)
      .set(bearer(world.tokens.a.nurse))
      .send({ channel: 'email' });
    expectStatus(res, 202);
    expect(res.body).toMatchObject({ status: 'queued', channel: 'email' });
    expect(
      await api.ds
        .getRepository(AuditEntry)
        .countBy({ resourceType: 'follow_up_message', patientId: patient.id, action: 'create' }),
    ).toBe(1);

    const before = received.length;
    expect(await api.app.get(OutboxService).deliver()).toBeGreaterThanOrEqual(1);
    const mail = received.slice(before).find((m) => m.to.includes('harper.patient@example.test'));
    expect(mail).toBeDefined();
    const text = (mail?.data ?? '').replace(/=\r?\n/g, '');
    expect(text).toContain(item.link.split('/r/')[1]);
    expect(text).toContain(world.clinicA.name);
    expect(text).not.toMatch(/Harper|Hiddenname|MRN/);
    const stored = await api.ds.getRepository(OutboxMessage).findOneByOrFail({ id: res.body.id });
    expect(stored).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps no link or token at rest: the outbox row names the request, delivery signs the link', async () => {
    const { item } = await followUp({ email: 'at-rest.patient@example.test' });
    const token = item.link.split('/r/')[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const res = await api
      .http()
      .post(`${V1}/followups/${item.id}/send`)
      .set(bearer(world.tokens.a.nurse))
      .send({ channel: 'email' });
    expectStatus(res, 202);
    // What someone with a copy of the table reads: every column of the queued row.
    const raw = async (): Promise<string> =>
      JSON.stringify(
        await api.ds.query(
          'SELECT * FROM outbox_messages WHERE id = ' +
            (api.ds.options.type === 'postgres' ? '$1' : '?'),
          [res.body.id],
        ),
      );
    const queued = await raw();
    expect(queued).toContain(item.id);
    expect(queued).not.toContain(token);
    expect(queued).not.toContain('/r/');

    const before = received.length;
    await api.app.get(OutboxService).deliver();
    const mail = received.slice(before).find((m) => m.to.includes('at-rest.patient@example.test'));
    const text = (mail?.data ?? '').replace(/=\r?\n/g, '');
    expect(text).toContain(`/r/${token}`);
    // the delivered link opens the questionnaire
    expectStatus(await api.http().get(`${V1}/self-report/${token}`), 200);
    const sent = await raw();
    expect(sent).toContain('"sent"');
    expect(sent).not.toContain(token);
    expect(sent).not.toContain('/r/');
  });

  it('the migration takes the links out of messages stored before (queued ones are signed again at delivery)', async () => {
    const { item } = await followUp({ email: 'stored-before.patient@example.test' });
    const token = item.link.split('/r/')[1] ?? '';
    expectStatus(
      await api
        .http()
        .post(`${V1}/followups/${item.id}/send`)
        .set(bearer(world.tokens.a.nurse))
        .send({ channel: 'email' }),
      202,
    );
    // As the outbox stored it before issue 19: the text followed by the link.
    const repo = api.ds.getRepository(OutboxMessage);
    const row = await repo.findOneByOrFail({ followUpId: item.id });
    await repo.update({ id: row.id }, { body: `${row.body} ${item.link}` });
    const sentBefore = {
      ...row,
      id: randomUUID(),
      status: 'sent' as const,
      body: `${row.body} ${item.link}`,
    };
    await repo.insert(sentBefore);

    const runner = api.ds.createQueryRunner();
    try {
      await new OutboxWithoutLinks1766016000000().up(runner);
    } finally {
      await runner.release();
    }
    for (const id of [row.id, sentBefore.id]) {
      const after = await repo.findOneByOrFail({ id });
      expect(after.body).toBe(row.body);
      expect(after.body).not.toContain(token);
    }
    const before = received.length;
    await api.app.get(OutboxService).deliver();
    const mail = received
      .slice(before)
      .find((m) => m.to.includes('stored-before.patient@example.test'));
    expect((mail?.data ?? '').replace(/=\r?\n/g, '')).toContain(`/r/${token}`);
  });

  it('refuses a channel the patient has no contact for, and keeps other clinics out', async () => {
    const { item } = await followUp({});
    const res = await api
      .http()
      .post(`${V1}/followups/${item.id}/send`)
      .set(bearer(world.tokens.a.psychiatrist))
      .send({ channel: 'email' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/no email address/);
    expectStatus(
      await api
        .http()
        .post(`${V1}/followups/${item.id}/send`)
        .set(bearer(world.tokens.b.nurse))
        .send({ channel: 'email' }),
      404,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/followups/${item.id}/send`)
        .set(bearer(world.tokens.a.nurse))
        .send({ channel: 'fax' }),
      400,
    );
  });

  it('delivers SMS through the development transport (recorded, not sent)', async () => {
    const { item } = await followUp({ phone: '+15550101234' });
    const res = await api
      .http()
      .post(`${V1}/followups/${item.id}/send`)
      .set(bearer(world.tokens.a.nurse))
      .send({ channel: 'sms' });
    expectStatus(res, 202);
    await api.app.get(OutboxService).deliver();
    expect(
      await api.ds.getRepository(OutboxMessage).findOneByOrFail({ id: res.body.id }),
    ).toMatchObject({ status: 'sent', channel: 'sms', recipient: '+15550101234' });
  });

  it('sends each message once when two deliverers (as on two API instances) work the same outbox at once', async () => {
    // A second OutboxService with its own in-memory state over the same database: what a second
    // instance is to the outbox (SQLite runs one instance, so both share the application's Db).
    const first = api.app.get(OutboxService);
    const second = new OutboxService(
      api.app.get(Db),
      api.app.get(AuditService),
      api.app.get(FollowUpsService),
      api.config,
    );
    const queued: string[] = [];
    for (let i = 0; i < 4; i++) {
      const address = `twice-${i}-${Date.now()}@example.test`;
      const { item } = await followUp({ email: address });
      expectStatus(
        await api
          .http()
          .post(`${V1}/followups/${item.id}/send`)
          .set(bearer(world.tokens.a.nurse))
          .send({ channel: 'email' }),
        202,
      );
      queued.push(address);
    }
    const [a, b] = await Promise.all([first.deliver(), second.deliver()]);
    expect(a + b).toBe(queued.length);
    for (const address of queued) {
      expect(received.filter((m) => m.to.includes(address))).toHaveLength(1);
    }
    const rows = await api.ds.getRepository(OutboxMessage).findBy({ status: 'sent' });
    expect(rows.filter((r) => queued.includes(r.recipient)).map((r) => r.attempts)).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it('validates contact details on the patient', async () => {
    const bad = await api
      .http()
      .post(`${V1}/patients`)
      .set(bearer(world.tokens.a.psychiatrist))
      .send({
        clinicId: world.clinicA.id,
        mrn: 'OUTBOX-1',
        givenName: 'A',
        familyName: 'B',
        birthDate: '1980-01-01',
        sex: 'female',
        email: 'not-an-email',
        phone: '555-1234',
      });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/email/);
    expect(JSON.stringify(bad.body.message)).toMatch(/phone/);
  });
});
