import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { adverseEventResource, bundleRefs, fullUrl } from './fhir.mapper';

const PATIENT_ID = '0b6c4c0e-6a56-4f0e-8f43-5d3b8f2d7a11';
const SESSION_ID = '5f0e2d0b-1c1e-4d7a-9b7e-2a9c3f6d8e01';
const ABSENT_SESSION_ID = '9d2b4e6f-8a0c-4e1f-b3d5-7c9e1a3b5d7f';

const patient = Object.assign(new Patient(), { id: PATIENT_ID });
const session = Object.assign(new DosingSession(), { id: SESSION_ID, patientId: PATIENT_ID });
const sideEffect = (sessionId: string, patientId = PATIENT_ID): SideEffect =>
  Object.assign(new SideEffect(), {
    id: '3c5e7a9b-1d3f-4a5b-8c7d-9e1f3a5b7c9d',
    sessionId,
    patientId,
    type: 'nausea',
    severity: 'mild',
    onsetAt: new Date('2025-01-01T10:00:00Z'),
    serious: false,
    seriousCriterion: null,
    enteredInErrorAt: null,
  });

describe('references between the entries of a FHIR Bundle', () => {
  const refs = bundleRefs(patient, [session]);

  it('names entries by their urn:uuid fullUrl, with the target type', () => {
    expect(refs.patient(PATIENT_ID)).toEqual({ reference: fullUrl(PATIENT_ID), type: 'Patient' });
    expect(fullUrl(PATIENT_ID)).toBe(`urn:uuid:${PATIENT_ID}`);
    expect(refs.session(SESSION_ID)).toEqual({
      reference: `urn:uuid:${SESSION_ID}`,
      type: 'MedicationAdministration',
    });
    expect(adverseEventResource(sideEffect(SESSION_ID), refs).suspectEntity).toEqual([
      { instance: { reference: `urn:uuid:${SESSION_ID}`, type: 'MedicationAdministration' } },
    ]);
  });

  it('leaves out a reference to a session the Bundle does not hold (it would not resolve)', () => {
    expect(refs.session(ABSENT_SESSION_ID)).toBeUndefined();
    expect(refs.session(null)).toBeUndefined();
    const event = adverseEventResource(sideEffect(ABSENT_SESSION_ID), refs);
    expect(event.suspectEntity).toBeUndefined();
    expect(event.subject).toEqual({ reference: `urn:uuid:${PATIENT_ID}`, type: 'Patient' });
  });

  it("refuses a row of another patient rather than file it under this one's Patient", () => {
    expect(() => adverseEventResource(sideEffect(SESSION_ID, ABSENT_SESSION_ID), refs)).toThrow(
      /another patient/,
    );
  });
});
