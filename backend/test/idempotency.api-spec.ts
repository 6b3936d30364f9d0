import { IdempotencyKey } from '../src/common/idempotency/idempotency-key.entity';
import { Patient } from '../src/patients/patient.entity';
import { Observation } from '../src/sessions/observation.entity';
import { bearer, newPatientBody } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  expectError,
  expectStatus,
  isoAt,
  MINUTE,
  readyObservation,
  V1,
} from './support/clinical-fixtures';

/** API.md: writes accept an Idempotency-Key; a retry answers the first response and creates nothing. */
describe('Idempotency-Key', () => {
  const { api, world } = useApi();

  const post = (
    path: string,
    key: string | null,
    body: unknown,
    token = world.tokens.a.psychiatrist,
  ) => {
    const req = api.http().post(`${V1}${path}`).set(bearer(token));
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  it('a retry with the same key and body returns the first response and creates nothing', async () => {
    const body = newPatientBody(world.clinicA.id, { mrn: 'IDEM-0001' });
    const first = await post('/patients', 'create-patient-0001', body);
    expectStatus(first, 201);
    // Same body, keys in another order: the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post('/patients', 'create-patient-0001', reordered);
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    expect(await api.ds.getRepository(Patient).countBy({ mrn: 'IDEM-0001' })).toBe(1);
    expect(await api.ds.getRepository(IdempotencyKey).countBy({ key: 'create-patient-0001' })).toBe(
      1,
    );
  });

  it('the same key with a different body is 422, and writes nothing', async () => {
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id);
    const observation = readyObservation(isoAt(Date.now(), -MINUTE));
    expectStatus(await post(`/sessions/${session.id}/observations`, 'obs-1', observation), 201);
    const other = await post(`/sessions/${session.id}/observations`, 'obs-1', {
      ...observation,
      systolic: 150,
    });
    expectError(other, 422, /different request/);
    expect(await api.ds.getRepository(Observation).countBy({ sessionId: session.id })).toBe(1);
    // Another route with the same key is a different request too.
    expectError(
      await post('/patients', 'obs-1', newPatientBody(world.clinicA.id)),
      422,
      /different/,
    );
  });

  it('keys belong to their user: another user with the same key makes their own request', async () => {
    const body = newPatientBody(world.clinicA.id, { mrn: 'IDEM-0002' });
    expectStatus(await post('/patients', 'shared-key', body), 201);
    const otherUser = await api
      .http()
      .post(`${V1}/patients`)
      .set(bearer(world.tokens.b.psychiatrist))
      .set('Idempotency-Key', 'shared-key')
      .send(newPatientBody(world.clinicB.id, { mrn: 'IDEM-0003' }));
    expectStatus(otherUser, 201);
  });

  it('a duplicate sent while the first is being written is 409; exactly one record exists', async () => {
    const body = newPatientBody(world.clinicA.id, { mrn: 'IDEM-0004' });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => post('/patients', 'concurrent-1', body)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    expect(await api.ds.getRepository(Patient).countBy({ mrn: 'IDEM-0004' })).toBe(1);
    // Once the first is done, a retry is answered with its response.
    const created = results.find((r) => r.status === 201);
    const retry = await post('/patients', 'concurrent-1', body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(created?.body.id);
  });

  it('a failed request keeps no key (a retry runs again), and a bad key is a 400 naming the header', async () => {
    const bad = newPatientBody(world.clinicA.id, { birthDate: '2999-01-01' });
    expectStatus(await post('/patients', 'fails-1', bad), 400);
    expect(await api.ds.getRepository(IdempotencyKey).countBy({ key: 'fails-1' })).toBe(0);
    expectError(
      await post('/patients', 'has space', newPatientBody(world.clinicA.id)),
      400,
      /Idempotency-Key/,
    );
    expectError(
      await post('/patients', 'x'.repeat(256), newPatientBody(world.clinicA.id)),
      400,
      /Idempotency-Key/,
    );
  });
});
