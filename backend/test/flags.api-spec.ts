import { formatAt } from '@clinic/shared';
/**
 * The signals engine through the API: flags raised in the transaction of the write that triggers
 * them, one active flag per rule and subject, the acknowledge/resolve workflow with its role limits,
 * clinic thresholds changing what fires, time-based rules on read, discharge override.
 */
import { AuditEntry } from '../src/common/audit/audit-entry.entity';
import { Flag } from '../src/flags/flag.entity';
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

describe('flags', () => {
  const { api, world } = useApi();
  let psych: string;
  let nurse: string;
  beforeAll(() => {
    psych = world.tokens.a.psychiatrist;
    nurse = world.tokens.a.nurse;
  });

  async function flagsOf(patientId: string, token = nurse, query = '') {
    const res = await api
      .http()
      .get(`${V1}/flags?patientId=${patientId}${query}`)
      .set(bearer(token));
    expectStatus(res, 200);
    return res.body.items as {
      id: string;
      rule: string;
      status: string;
      severity: string;
      message: string;
      evidence: unknown;
      threshold: Record<string, unknown>;
      sessionId: string | null;
      ruleNote: string | null;
    }[];
  }

  async function sessionWithPreDose(startedMinutesAgo = 45) {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const session = await createSession(api, psych, patient.id, {
      startedAt: isoAt(Date.now(), -startedMinutesAgo * MINUTE),
    });
    expectStatus(
      await postObservation(
        api,
        nurse,
        session.id,
        readyObservation(isoAt(session.startedAt, -5 * MINUTE), { systolic: 130, diastolic: 80 }),
      ),
      201,
    );
    return { patient, session };
  }

  it('raises bp.severe (critical) in the same request, with the numbers, evidence and threshold; it blocks discharge', async () => {
    const { patient, session } = await sessionWithPreDose();
    const obs = await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 40 * MINUTE), { systolic: 186, diastolic: 104 }),
    );
    expectStatus(obs, 201);
    const flags = await flagsOf(patient.id);
    const severe = flags.find((f) => f.rule === 'bp.severe');
    expect(severe).toMatchObject({ status: 'open', severity: 'critical', sessionId: session.id });
    expect(severe?.message).toMatch(/186\/104/);
    expect(severe?.threshold).toMatchObject({ severeSystolic: 180, severeDiastolic: 110 });
    expect(JSON.stringify(severe?.evidence)).toContain(obs.body.id);
    // the rise of 56 mmHg over the pre-dose 130 also fires bp.rise
    expect(flags.map((f) => f.rule)).toContain('bp.rise');
    const readiness = await api
      .http()
      .get(`${V1}/sessions/${session.id}/discharge-readiness`)
      .set(bearer(nurse));
    expect(readiness.body.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/critical flag/)]),
    );
    // audited as created by the nurse whose write raised it
    const audit = await api.ds
      .getRepository(AuditEntry)
      .findOneBy({ resourceType: 'flag', resourceId: severe?.id });
    expect(audit).toMatchObject({ action: 'create', actorId: world.users.a.nurse.id });
  });

  it('keeps one active flag per rule and subject, updating its evidence, and never re-raises what was resolved', async () => {
    const { patient, session } = await sessionWithPreDose();
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 30 * MINUTE), { heartRate: 125 }),
    );
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 40 * MINUTE), { heartRate: 131 }),
    );
    let tachy = (await flagsOf(patient.id)).filter((f) => f.rule === 'hr.tachycardia');
    expect(tachy).toHaveLength(1);
    expect(tachy[0]?.message).toMatch(/131/);

    const resolved = await api
      .http()
      .post(`${V1}/flags/${tachy[0]?.id}/resolve`)
      .set(bearer(nurse))
      .send({ note: 'Settled with reassurance' });
    expectStatus(resolved, 200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: world.users.a.nurse.id,
      note: 'Settled with reassurance',
    });
    // a normal reading re-evaluates: the resolved tachycardia is not raised again
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 44 * MINUTE)),
    );
    tachy = (await flagsOf(patient.id)).filter((f) => f.rule === 'hr.tachycardia');
    expect(tachy.map((f) => f.status)).toEqual(['resolved']);
    // a new fast heart rate is a new trigger: a new flag
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 45 * MINUTE), { heartRate: 140 }),
    );
    tachy = (await flagsOf(patient.id)).filter((f) => f.rule === 'hr.tachycardia');
    expect(tachy.map((f) => f.status).sort()).toEqual(['open', 'resolved']);
    expect(
      await api.ds
        .getRepository(Flag)
        .countBy({ patientId: patient.id, rule: 'hr.tachycardia', status: 'open' }),
    ).toBe(1);
  });

  it('acknowledge then resolve: note required, each step audited, no step twice', async () => {
    const { patient, session } = await sessionWithPreDose();
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 35 * MINUTE), { moaas: 3 }),
    );
    const flag = (await flagsOf(patient.id)).find((f) => f.rule === 'sedation.moderate');
    expect(flag).toBeDefined();
    const ack = await api
      .http()
      .post(`${V1}/flags/${flag?.id}/acknowledge`)
      .set(bearer(nurse))
      .send({ note: 'Watching closely' });
    expectStatus(ack, 200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: world.users.a.nurse.id,
      acknowledgeNote: 'Watching closely',
    });
    expectStatus(
      await api.http().post(`${V1}/flags/${flag?.id}/acknowledge`).set(bearer(nurse)).send({}),
      422,
    );
    const noNote = await api
      .http()
      .post(`${V1}/flags/${flag?.id}/resolve`)
      .set(bearer(nurse))
      .send({});
    expectStatus(noNote, 400);
    expect(JSON.stringify(noNote.body.message)).toContain('note');
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/resolve`)
        .set(bearer(psych))
        .send({ note: 'MOAA/S back to 5' }),
      200,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/resolve`)
        .set(bearer(psych))
        .send({ note: 'again' }),
      422,
    );
    const actions = await api.ds
      .getRepository(AuditEntry)
      .find({ where: { resourceType: 'flag', resourceId: flag?.id } });
    expect(actions.map((a) => a.action).sort()).toEqual(['acknowledge', 'create', 'resolve']);
    // resolved flags stay in history
    expect((await flagsOf(patient.id, nurse, '&status=resolved')).map((f) => f.id)).toContain(
      flag?.id,
    );
  });

  it('a nurse cannot acknowledge or resolve misuse.* flags (403, audited); a psychiatrist can', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const event = await api
      .http()
      .post(`${V1}/patients/${patient.id}/risk-events`)
      .set(bearer(nurse))
      .send({
        type: 'positive_uds',
        occurredAt: isoAt(Date.now(), -MINUTE),
        notes: 'ketamine positive',
      });
    expectStatus(event, 201);
    const flag = (await flagsOf(patient.id)).find((f) => f.rule === 'misuse.reported_use');
    expect(flag).toMatchObject({ severity: 'critical', status: 'open' });
    expect(flag?.ruleNote).toMatch(/proxy/i);
    expectStatus(
      await api.http().post(`${V1}/flags/${flag?.id}/acknowledge`).set(bearer(nurse)).send({}),
      403,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/resolve`)
        .set(bearer(nurse))
        .send({ note: 'Discussed' }),
      403,
    );
    const denied = await api.ds
      .getRepository(AuditEntry)
      .countBy({ action: 'access_denied', resourceId: flag?.id, actorId: world.users.a.nurse.id });
    expect(denied).toBe(2);
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/resolve`)
        .set(bearer(psych))
        .send({ note: 'Discussed; plan agreed' }),
      200,
    );
    // another clinic's flag is a 404; a manager may read but not act
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/resolve`)
        .set(bearer(world.tokens.b.psychiatrist))
        .send({ note: 'x x x' }),
      404,
    );
    expectStatus(
      await api
        .http()
        .post(`${V1}/flags/${flag?.id}/acknowledge`)
        .set(bearer(world.tokens.a.manager))
        .send({}),
      403,
    );
  });

  it('raises phq9.item9_positive (critical) for any answer >= 1 to item 9', async () => {
    const patient = await createPatient(api, psych, world.clinicA.id);
    const item9At = isoAt(Date.now(), 0);
    await api
      .http()
      .post(`${V1}/patients/${patient.id}/phq9`)
      .set(bearer(nurse))
      .send({
        administeredAt: isoAt(Date.now(), -MINUTE),
        items: [2, 2, 2, 2, 1, 1, 1, 1, 0],
        recall: 'two_weeks',
      })
      .expect(201);
    expect((await flagsOf(patient.id)).map((f) => f.rule)).not.toContain('phq9.item9_positive');
    await api
      .http()
      .post(`${V1}/patients/${patient.id}/phq9`)
      .set(bearer(nurse))
      .send({
        administeredAt: item9At,
        items: [2, 2, 2, 2, 1, 1, 1, 1, 1],
        recall: 'two_weeks',
      })
      .expect(201);
    const flag = (await flagsOf(patient.id)).find((f) => f.rule === 'phq9.item9_positive');
    expect(flag).toMatchObject({ severity: 'critical', status: 'open' });
    // The message gives the time as the clinic's screens do: in its zone (America/New_York),
    // with the zone's abbreviation (formatAt's own table tests pin the conversion).
    expect(world.clinicA.timezone).toBe('America/New_York');
    expect(flag?.message).toContain(` on ${formatAt(item9At, world.clinicA.timezone)}, `);
    expect(flag?.message).toMatch(/ on \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d E[SD]T, /);
  });

  it("a clinic's thresholds change what fires, only in that clinic; changes are validated, versioned and audited", async () => {
    const url = `${V1}/clinics/${world.clinicA.id}/thresholds`;
    const current = await api.http().get(url).set(bearer(nurse));
    expectStatus(current, 200);
    expect(current.body.thresholds.bp.severeSystolic).toBe(180);
    expect(current.headers['etag']).toBe(`"${current.body.version}"`);
    const version = current.body.version as number;

    expectStatus(
      await api
        .http()
        .patch(url)
        .set(bearer(nurse))
        .set('If-Match', `"${version}"`)
        .send({ bp: { severeSystolic: 170 } }),
      403,
    );
    const bad = await api
      .http()
      .patch(url)
      .set(bearer(world.tokens.a.manager))
      .set('If-Match', `"${version}"`)
      .send({ bp: { severeSystolic: 5000 }, nonsense: 1 });
    expectStatus(bad, 400);
    expect(JSON.stringify(bad.body.message)).toMatch(/bp\.severeSystolic/);
    expect(JSON.stringify(bad.body.message)).toMatch(/nonsense/);
    expectStatus(
      await api
        .http()
        .patch(url)
        .set(bearer(world.tokens.a.manager))
        .send({ bp: { severeSystolic: 170 } }),
      428,
    );
    const changed = await api
      .http()
      .patch(url)
      .set(bearer(world.tokens.a.manager))
      .set('If-Match', `"${version}"`)
      .send({ bp: { severeSystolic: 170 } });
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({
      version: version + 1,
      overrides: { bp: { severeSystolic: 170 } },
    });
    expect(changed.body.thresholds.bp.severeDiastolic).toBe(110);
    expectStatus(
      await api
        .http()
        .patch(url)
        .set(bearer(world.tokens.a.manager))
        .set('If-Match', `"${version}"`)
        .send({ bp: { severeSystolic: 175 } }),
      412,
    );
    expect(
      await api.ds.getRepository(AuditEntry).countBy({
        resourceType: 'clinic_thresholds',
        clinicId: world.clinicA.id,
        action: 'update',
      }),
    ).toBe(1);

    // 175 systolic is severe in clinic A now ...
    const { patient, session } = await sessionWithPreDose();
    await postObservation(
      api,
      nurse,
      session.id,
      readyObservation(isoAt(session.startedAt, 40 * MINUTE), { systolic: 175, diastolic: 95 }),
    );
    const severe = (await flagsOf(patient.id)).find((f) => f.rule === 'bp.severe');
    expect(severe?.threshold).toMatchObject({ severeSystolic: 170 });
    // ... but not in clinic B, which keeps the defaults
    const patientB = await createPatient(api, world.tokens.b.psychiatrist, world.clinicB.id);
    const sessionB = await createSession(api, world.tokens.b.psychiatrist, patientB.id, {
      startedAt: isoAt(Date.now(), -45 * MINUTE),
    });
    await postObservation(
      api,
      world.tokens.b.nurse,
      sessionB.id,
      readyObservation(isoAt(sessionB.startedAt, 40 * MINUTE), { systolic: 175, diastolic: 95 }),
    );
    const flagsB = await flagsOf(patientB.id, world.tokens.b.nurse);
    expect(flagsB.map((f) => f.rule)).not.toContain('bp.severe');
    // another clinic's thresholds are a 404
    expectStatus(await api.http().get(url).set(bearer(world.tokens.b.manager)), 404);
    // restore for the other tests
    const restored = await api
      .http()
      .patch(url)
      .set(bearer(world.tokens.a.manager))
      .set('If-Match', `"${version + 1}"`)
      .send({ bp: { severeSystolic: 180 } });
    expectStatus(restored, 200);
  });

  it('raises monitoring.overdue on read when an observation is late, and clears it when the observation is recorded', async () => {
    const { patient, session } = await sessionWithPreDose(32); // slot 0 and 15 due; nothing recorded after the dose
    const overdue = (await flagsOf(patient.id)).find((f) => f.rule === 'monitoring.overdue');
    expect(overdue).toMatchObject({ status: 'open', severity: 'warning', sessionId: session.id });
    await postObservation(api, nurse, session.id, readyObservation(isoAt(Date.now(), 0)));
    const after = (await flagsOf(patient.id)).find((f) => f.id === overdue?.id);
    expect(after?.status).toBe('resolved');
  });

  it('an override discharge before ready raises discharge.before_ready', async () => {
    const { patient, session } = await sessionWithPreDose(20);
    const res = await api
      .http()
      .post(`${V1}/sessions/${session.id}/discharge`)
      .set(bearer(psych))
      .send({
        dischargedAt: isoAt(Date.now(), 0),
        overrideReason: 'Transport arrived; escorted by family',
      });
    expectStatus(res, 200);
    const flag = (await flagsOf(patient.id)).find((f) => f.rule === 'discharge.before_ready');
    expect(flag).toMatchObject({ status: 'open', sessionId: session.id });
  });
});
