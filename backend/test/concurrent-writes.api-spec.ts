import { Observation } from '../src/sessions/observation.entity';
import { bearer } from './support/api';
import { useApi } from './support/use-api';
import {
  createPatient,
  createSession,
  isoAt,
  MINUTE,
  phq9Body,
  phq9ItemsFor,
  readyObservation,
  V1,
} from './support/clinical-fixtures';

/**
 * Writes for one patient arriving together (a nurse's observation while a PHQ-9 comes in): each is
 * its own unit of work that inserts a row referencing the patient, then runs the patient's rules
 * under the patient's lock. None may fail: on PostgreSQL a FOR UPDATE lock taken after the insert
 * deadlocked against the other's foreign-key lock (40P01, a 500), found by the write-load bench.
 */
describe('concurrent writes for one patient', () => {
  const { api, world } = useApi();

  it('observations and PHQ-9s sent at once are all recorded', async () => {
    const token = world.tokens.a.nurse;
    const patient = await createPatient(api, world.tokens.a.psychiatrist, world.clinicA.id);
    const session = await createSession(api, world.tokens.a.psychiatrist, patient.id, {
      startedAt: isoAt(Date.now(), -30 * MINUTE),
    });
    const at = new Date(Date.now() - 1_000).toISOString();
    const rounds = 3;
    const perRound = 12;
    const statuses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all(
        Array.from({ length: perRound }, (_, i) =>
          i % 2
            ? api
                .http()
                .post(`${V1}/sessions/${session.id}/observations`)
                .set(bearer(token))
                .send(readyObservation(at))
            : api
                .http()
                .post(`${V1}/patients/${patient.id}/phq9`)
                .set(bearer(token))
                .send(phq9Body(at, phq9ItemsFor(6), { recall: '24_hours' })),
        ),
      );
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses).toEqual(Array(rounds * perRound).fill(201));
    const observations = await api.ds.getRepository(Observation).countBy({ sessionId: session.id });
    expect(observations).toBe((rounds * perRound) / 2);
  });
});
