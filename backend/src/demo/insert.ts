/** Writes the demo records in one transaction, the audit chain last. */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import { Clinic } from '../clinics/clinic.entity';
import { appendAudit } from '../common/audit/audit-chain';
import { Protocol } from '../courses/protocol.entity';
import { Screening } from '../courses/screening.entity';
import { TreatmentCourse } from '../courses/treatment-course.entity';
import { RemsFormRecord } from '../rems/rems-form.entity';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../suicide-risk/safety-plan.entity';
import { User, UserClinic } from '../users/user.entity';
import type { Rows } from './model';

/** Multi-row inserts of at most ~800 bound parameters (SQLite's limit is 999 on old builds). */
async function insertAll<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: E[],
): Promise<void> {
  const columns = em.connection.getMetadata(target).columns.length;
  const size = Math.max(1, Math.min(50, Math.floor(800 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await em.insert(target, rows.slice(i, i + size));
  }
}

/** Inserts every row inside the caller's transaction (parents before children). */
export async function insertRows(em: EntityManager, rows: Rows): Promise<void> {
  await insertAll(em, Clinic, rows.clinics);
  await insertAll(em, User, rows.users);
  await insertAll(em, UserClinic, rows.userClinics);
  await insertAll(em, Protocol, rows.protocols);
  await insertAll(em, Patient, rows.patients);
  await insertAll(em, Screening, rows.screenings);
  await insertAll(em, TreatmentCourse, rows.courses);
  await insertAll(em, DosingSession, rows.sessions);
  await insertAll(em, Observation, rows.observations);
  await insertAll(em, SideEffect, rows.sideEffects);
  await insertAll(em, RiskEvent, rows.riskEvents);
  await insertAll(em, Phq9Assessment, rows.phq9);
  await insertAll(em, CssrsScreening, rows.cssrs);
  await insertAll(em, SafetyPlan, rows.safetyPlans);
  await insertAll(em, RemsFormRecord, rows.remsForms);
  // In time order, so that the hash chain reads as the history it records.
  await appendAudit(
    em,
    [...rows.audit].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id)),
  );
}
