/**
 * Records of every kind in one clinic, for the security tests (property-based and injection): a
 * patient with a session in progress (an observation that raised a flag, a side effect), a PHQ-9
 * a risk event, a C-SSRS screener and a safety plan, and a second patient whose session was 20 hours ago (an open 24 h follow-up
 * link and an email address to send it to). Everything is built through the HTTP API.
 */
import type { TestApi, World } from './api';
import { bearer } from './api';
import {
  addObservation,
  createPatient,
  createSession,
  expectStatus,
  HOUR,
  isoAt,
  V1,
} from './clinical-fixtures';
import { Flag } from '../../src/flags/flag.entity';

export interface ClinicalRecords {
  clinicId: string;
  patientId: string;
  sessionId: string;
  observationId: string;
  sideEffectId: string;
  phq9Id: string;
  riskEventId: string;
  /** A C-SSRS screener of the patient (all no). */
  cssrsId: string;
  flagId: string;
  /** Patient with an email address, session started 20 h ago. */
  followUpPatientId: string;
  followUpSessionId: string;
  followUpId: string;
  /** The open 24 h link's token. */
  selfReportToken: string;
  /** The treatment course of `sessionId` (a legacy course: the clinic has no clinical ones). */
  courseId: string;
}

export async function makeClinicalRecords(api: TestApi, world: World): Promise<ClinicalRecords> {
  const psychiatrist = world.tokens.a.psychiatrist;
  const nurse = world.tokens.a.nurse;
  const patient = await createPatient(api, psychiatrist, world.clinicA.id);
  const session = await createSession(api, psychiatrist, patient.id);
  // a fast heart rate raises hr.tachycardia: a flag to acknowledge and resolve
  const observation = await addObservation(api, nurse, session.id, {
    recordedAt: isoAt(Date.now(), -60_000),
    heartRate: 130,
  });
  const flag = await api.ds
    .getRepository(Flag)
    .findOneByOrFail({ patientId: patient.id, rule: 'hr.tachycardia' });
  const post = async (path: string, body: Record<string, unknown>): Promise<string> => {
    const res = await api.http().post(`${V1}${path}`).set(bearer(nurse)).send(body);
    expectStatus(res, 201);
    return (res.body as { id: string }).id;
  };
  const now = Date.now();
  const sideEffectId = await post(`/sessions/${session.id}/side-effects`, {
    type: 'nausea',
    severity: 'mild',
    onsetAt: isoAt(now, -30_000),
  });
  const phq9Id = await post(`/patients/${patient.id}/phq9`, {
    administeredAt: isoAt(now, -HOUR),
    items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    recall: 'two_weeks',
  });
  const riskEventId = await post(`/patients/${patient.id}/risk-events`, {
    type: 'craving',
    occurredAt: isoAt(now, -HOUR),
  });

  const cssrsId = await post(`/patients/${patient.id}/cssrs`, {
    administeredAt: isoAt(now, -HOUR),
    wishDead: false,
    suicidalThoughts: false,
    behavior: false,
  });
  // the patient's safety plan, version 1: a save must name the version it edits
  const plan = await api
    .http()
    .put(`${V1}/patients/${patient.id}/safety-plan`)
    .set(bearer(nurse))
    .send({
      warningSigns: ['Not sleeping'],
      copingStrategies: ['Walk outside'],
      socialDistractions: [],
      helpContacts: [],
      professionalContacts: ['988 Suicide & Crisis Lifeline'],
      meansSafety: 'Medication kept by partner',
      reasonsForLiving: 'Family',
    });
  expectStatus(plan, 200);

  const followUpPatient = await createPatient(api, psychiatrist, world.clinicA.id, {
    email: 'follow.up@example.test',
  });
  const followUpSession = await createSession(api, psychiatrist, followUpPatient.id, {
    startedAt: isoAt(now, -20 * HOUR),
  });
  const res = await api
    .http()
    .get(`${V1}/sessions/${followUpSession.id}/followups`)
    .set(bearer(nurse));
  expectStatus(res, 200);
  const open = (res.body.items as { id: string; kind: string; link: string }[]).find(
    (i) => i.kind === '24h',
  );
  if (!open) throw new Error('no 24 h follow-up request');
  return {
    clinicId: world.clinicA.id,
    patientId: patient.id,
    sessionId: session.id,
    observationId: observation['id'] as string,
    sideEffectId,
    phq9Id,
    riskEventId,
    cssrsId,
    flagId: flag.id,
    followUpPatientId: followUpPatient.id,
    followUpSessionId: followUpSession.id,
    followUpId: open.id,
    selfReportToken: open.link.split('/r/')[1] ?? '',
    courseId: (session as unknown as { courseId: string }).courseId,
  };
}

/** The operations (`post /api/v1/...`) of the served OpenAPI document. */
export async function servedOperations(api: TestApi): Promise<string[]> {
  const doc = await api.http().get('/api/docs-json');
  expectStatus(doc, 200);
  return Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
    ([route, ops]) => Object.keys(ops).map((method) => `${method} ${route}`),
  );
}
