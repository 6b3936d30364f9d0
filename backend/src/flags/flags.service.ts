import {
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  type FlagDto,
  type FlagListItemDto,
  type FlagStatus,
  type ListResponse,
  roleMayActOnRule,
} from '@clinic/shared';
import { type Actor, isClinicMember } from '../common/auth/actor';
import { ScopedReads } from '../common/audit/scoped-read';
import { patientInScope } from '../patients/patient-scope';
import { RecordRoleViolation, ScopeViolation } from '../common/auth/scope-violation';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { page } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import { FollowUpsService } from '../followups/follow-ups.service';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import type { SessionFlags } from '../sessions/session-hooks';
import {
  PATIENT_RECORDS_CHANGED,
  type PatientRecordsChanged,
} from '../common/records/patient-records-changed';
import { item9ResolveNote } from './item9-gate';
import type { ListFlagsQuery } from './dto/flag-query.dto';
import { Flag } from './flag.entity';
import { FlagTransitions } from './flag-transitions';
import { toFlagDto } from './flag.mapper';
import { nameFlagActors } from '../users/marks';

@Injectable()
export class FlagsService implements SessionFlags {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scoped: ScopedReads,
    @Inject(PATIENT_RECORDS_CHANGED) private readonly signals: PatientRecordsChanged,
    private readonly transitions: FlagTransitions,
    private readonly followUps: FollowUpsService,
  ) {}

  async list(actor: Actor, query: ListFlagsQuery): Promise<ListResponse<FlagListItemDto>> {
    const patientId = query.patientId;
    return this.scoped.list(actor, {
      clinicId: query.clinicId,
      empty: () => ({ items: [], total: 0 }),
      check: patientId ? (em) => patientInScope(em, actor, patientId) : undefined,
      load: async (em, clinicIds) => {
        await this.signals.ensureFresh(em, clinicIds);
        const { take, skip } = page(query);
        const [rows, total] = await em.findAndCount(Flag, {
          where: {
            clinicId: In(clinicIds),
            ...(patientId ? { patientId } : {}),
            ...(query.status ? { status: query.status } : {}),
            ...(query.category ? { category: query.category } : {}),
            ...(query.severity ? { severity: query.severity } : {}),
          },
          order: { createdAt: 'DESC', id: 'ASC' },
          take,
          skip,
        });
        const patients = new Map(rows.map((f) => [f.patientId, f.clinicId]));
        return {
          result: { items: await this.listItems(em, rows, new Date()), total },
          audit: [...patients].map(([id, clinicId]) => ({
            action: 'search' as const,
            resourceType: 'flag',
            patientId: id,
            clinicId,
          })),
        };
      },
    });
  }

  /**
   * Flags with their patients' names and MRNs and their sessions' follow-up requests: four
   * queries whatever the number of flags. The caller audits the read.
   */
  async listItems(em: EntityManager, rows: Flag[], now: Date): Promise<FlagListItemDto[]> {
    if (rows.length === 0) return [];
    const patientIds = [...new Set(rows.map((f) => f.patientId))];
    const sessionIds = [
      ...new Set(rows.map((f) => f.sessionId).filter((id): id is string => id !== null)),
    ];
    const patients = new Map(
      (
        await em.find(Patient, {
          where: { id: In(patientIds) },
          select: { id: true, givenName: true, familyName: true, mrn: true },
        })
      ).map((p) => [p.id, p]),
    );
    const sessions =
      sessionIds.length === 0
        ? []
        : await em.find(DosingSession, {
            where: { id: In(sessionIds) },
            select: {
              id: true,
              patientId: true,
              clinicId: true,
              startedAt: true,
              sessionNumber: true,
              status: true,
            },
          });
    const numbers = new Map(sessions.map((s) => [s.id, s.sessionNumber]));
    const followUps = await this.followUps.ensureForSessions(em, sessions);
    const named = await nameFlagActors(em, rows.map(toFlagDto));
    return rows.map((f, index) => {
      const patient = patients.get(f.patientId);
      return {
        ...named[index],
        patientName: patient ? `${patient.givenName} ${patient.familyName}` : '',
        mrn: patient?.mrn ?? '',
        sessionNumber: f.sessionId === null ? null : (numbers.get(f.sessionId) ?? null),
        followUps:
          f.sessionId === null ? [] : this.followUps.summary(followUps.get(f.sessionId) ?? [], now),
      };
    });
  }

  async ofSession(em: EntityManager, sessionId: string): Promise<FlagDto[]> {
    const flags = await em.find(Flag, { where: { sessionId }, order: { createdAt: 'DESC' } });
    return nameFlagActors(em, flags.map(toFlagDto));
  }

  async criticalOfSession(
    em: EntityManager,
    sessionId: string,
  ): Promise<{ status: FlagStatus; resolvedAt: Date | null }[]> {
    return em.find(Flag, {
      where: { sessionId, severity: 'critical' },
      select: { id: true, status: true, resolvedAt: true },
    });
  }

  /** The patient's critical flags not yet resolved (open or acknowledged): a pre-dose check. */
  async openCriticalOfPatient(em: EntityManager, patientId: string): Promise<{ rule: string }[]> {
    return em.find(Flag, {
      where: { patientId, severity: 'critical', status: In(['open', 'acknowledged']) },
      select: { id: true, rule: true },
      order: { createdAt: 'ASC' },
    });
  }

  async acknowledge(
    actor: Actor,
    id: string,
    note: string | undefined,
    expectedVersion?: number,
  ): Promise<FlagDto> {
    return this.db.transaction(async (em) => {
      const flag = await this.flagForAction(em, actor, id);
      checkIfMatch(expectedVersion, flag.version);
      // An acknowledged flag with triggers since its acknowledgement is acknowledged again: the
      // clinician has seen the new evidence (CLINICAL.md s4 v2).
      const newEvidence = flag.status === 'acknowledged' && flag.newEvidenceSince !== null;
      if (flag.status !== 'open' && !newEvidence)
        throw new UnprocessableEntityException(`The flag is already ${flag.status}`);
      const now = new Date();
      const written = await this.transitions.apply(em, flag, {
        step: 'acknowledged',
        actor,
        takenBy: 'actor',
        at: now,
        note: note ?? null,
        changes: {
          status: 'acknowledged',
          acknowledgedAt: now,
          acknowledgedBy: actor.userId,
          acknowledgeNote: note ?? null,
          newEvidenceSince: null,
          newEvidenceCount: 0,
        },
        audit: 'acknowledge',
        ifUnchanged: true,
      });
      if (!written) throw await this.changedMeanwhile(em, flag, expectedVersion);
      const [named] = await nameFlagActors(em, [toFlagDto({ ...flag, ...written })]);
      return named;
    });
  }

  async resolve(
    actor: Actor,
    id: string,
    note: string,
    expectedVersion?: number,
    noScreenerReason?: string,
  ): Promise<FlagDto> {
    return this.db.transaction(async (em) => {
      const flag = await this.flagForAction(em, actor, id);
      checkIfMatch(expectedVersion, flag.version);
      if (flag.status === 'resolved')
        throw new UnprocessableEntityException('The flag is already resolved');
      // Item 9: a C-SSRS screener first, or a psychiatrist's reason why none (CLINICAL.md s10).
      const resolveNote = await item9ResolveNote(em, actor, flag, note, noScreenerReason);
      const now = new Date();
      const written = await this.transitions.apply(em, flag, {
        step: 'resolved',
        actor,
        takenBy: 'actor',
        at: now,
        note: resolveNote,
        changes: {
          status: 'resolved',
          resolvedAt: now,
          resolvedBy: actor.userId,
          note: resolveNote,
        },
        audit: 'resolve',
        ifUnchanged: true,
      });
      if (!written) throw await this.changedMeanwhile(em, flag, expectedVersion);
      const [named] = await nameFlagActors(em, [toFlagDto({ ...flag, ...written })]);
      return named;
    });
  }

  private async flagForAction(em: EntityManager, actor: Actor, id: string): Promise<Flag> {
    const flag = await em.findOne(Flag, { where: { id } });
    if (!flag) throw new NotFoundException('Flag not found');
    if (!isClinicMember(actor, flag.clinicId)) {
      throw new ScopeViolation(actor, 'flag', id, flag.patientId, flag.clinicId, 'Flag not found');
    }
    // Rule families a nurse may not acknowledge or resolve (API.md roles; shared, so that no other
    // path, such as entered in error, closes them either).
    if (!roleMayActOnRule(actor.role, flag.rule)) {
      throw new RecordRoleViolation(
        actor,
        'flag',
        id,
        flag.patientId,
        flag.clinicId,
        `Only a psychiatrist can act on ${flag.rule} flags`,
      );
    }
    return flag;
  }

  /** The error for a flag another user changed between the read and the update. */
  private async changedMeanwhile(
    em: EntityManager,
    flag: Flag,
    expectedVersion: number | undefined,
  ): Promise<Error> {
    if (expectedVersion !== undefined) {
      const current = await em.findOne(Flag, { where: { id: flag.id }, select: { version: true } });
      return versionMismatch(current?.version ?? flag.version + 1);
    }
    return new UnprocessableEntityException('The flag changed meanwhile; reload it and try again');
  }
}
