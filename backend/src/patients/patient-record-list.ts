import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { AuditService } from '../common/audit/audit.service';
import { page, type PaginationQuery } from '../common/validation/pagination.dto';
import { patientInScope } from './patient-scope';

/**
 * One page of a patient's records of one kind (sessions, PHQ-9s, risk events, side effects,
 * C-SSRS screenings, safety plans), in the caller's transaction: the patient must be of one of the
 * actor's clinics (else 404, and the attempt audited), and the read is audited once for the list
 * (API.md: reads of patient data are audited). Written once for every such list.
 */
export async function pageOfPatientRecords<T extends { patientId: string }>(
  em: EntityManager,
  audit: AuditService,
  actor: Actor,
  patientId: string,
  query: PaginationQuery,
  list: { entity: EntityTarget<T>; order: FindOptionsOrder<T>; resourceType: string },
): Promise<{ rows: T[]; total: number }> {
  const patient = await patientInScope(em, actor, patientId);
  const { take, skip } = page(query);
  const [rows, total] = await em.findAndCount(list.entity, {
    where: { patientId } as FindOptionsWhere<T>,
    order: list.order,
    take,
    skip,
  });
  await audit.record(em, actor, {
    action: 'read',
    resourceType: list.resourceType,
    patientId,
    clinicId: patient.clinicId,
  });
  return { rows, total };
}
