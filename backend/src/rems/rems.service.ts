import { BadRequestException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type EntityManager, In, IsNull, LessThan } from 'typeorm';
import {
  GIVEN_SESSION_STATUSES,
  sessionGiven,
  type ClinicThresholds,
  DEFAULT_THRESHOLDS,
  REMS_ESKETAMINE_ONLY,
  remsForm,
  type RemsFormDto,
  remsSubmissionProblems,
} from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { notInFuture } from '../common/http/time-checks';
import { Db } from '../common/transactions/db.service';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { Observation } from '../sessions/observation.entity';
import { sessionInScope } from '../sessions/session-scope';
import { SideEffect } from '../sessions/side-effect.entity';
import { User } from '../users/user.entity';
import type { PatchRemsFormDto, RemsSubmittedDto } from './dto/rems.dto';
import { RemsFormRecord, type StoredRemsCorrection } from './rems-form.entity';

/** Text as stored: trimmed, and blank means not recorded. */
function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * The Esketamine REMS Patient Monitoring Form of a session (CLINICAL.md s3), filled by remsForm
 * from the records plus what the staff recorded (rems_forms), and its submission.
 */
@Injectable()
export class RemsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async form(actor: Actor, sessionId: string): Promise<RemsFormDto> {
    return this.db.transaction(async (em) => {
      const session = await this.remsSession(em, actor, sessionId);
      const form = await this.compute(em, session, await this.record(em, sessionId), new Date());
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'rems_form',
        resourceId: sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      return form;
    });
  }

  /**
   * Records the monitoring provider, the setting and the corrections (the list sent replaces the
   * form's; a correction sent unchanged keeps who made it and when). The form's version (0 before
   * anything was recorded) must be the If-Match; a submitted form is not changed (422).
   */
  async patch(
    actor: Actor,
    sessionId: string,
    expectedVersion: number,
    dto: PatchRemsFormDto,
  ): Promise<RemsFormDto> {
    if (
      dto.monitoringProvider === undefined &&
      dto.setting === undefined &&
      dto.corrections === undefined
    ) {
      throw new BadRequestException([
        'nothing to change: send monitoringProvider, setting or corrections',
      ]);
    }
    return this.db.transaction(async (em) => {
      const session = await this.remsSession(em, actor, sessionId, { forWrite: true });
      const current = await this.record(em, sessionId);
      checkIfMatch(expectedVersion, current?.version ?? 0);
      if (current?.submittedAt) {
        throw new UnprocessableEntityException(
          `The form was already marked submitted at ${current.submittedAt.toISOString()}; it is not changed after submission`,
        );
      }
      const now = new Date();
      const before = current?.corrections ?? [];
      const corrections: StoredRemsCorrection[] =
        dto.corrections === undefined
          ? before
          : dto.corrections.map((c) => {
              const value = c.value.trim();
              const reason = c.reason.trim();
              const same = before.find(
                (b) => b.field === c.field && b.value === value && b.reason === reason,
              );
              return (
                same ?? {
                  field: c.field,
                  value,
                  reason,
                  correctedAt: now.toISOString(),
                  correctedBy: actor.userId,
                }
              );
            });
      const next = {
        monitoringProvider:
          dto.monitoringProvider === undefined
            ? (current?.monitoringProvider ?? null)
            : text(dto.monitoringProvider),
        setting: dto.setting === undefined ? (current?.setting ?? null) : text(dto.setting),
        corrections,
      };
      let saved: RemsFormRecord;
      if (current === null) {
        saved = em.create(RemsFormRecord, {
          sessionId,
          clinicId: session.clinicId,
          patientId: session.patientId,
          ...next,
          submittedAt: null,
          submittedBy: null,
          reference: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        await em.insert(RemsFormRecord, saved);
      } else {
        saved = { ...current, ...next, version: current.version + 1, updatedAt: now };
        await this.updateAt(em, current.version, saved);
      }
      await this.audit.record(em, actor, {
        action: current === null ? 'create' : 'update',
        resourceType: 'rems_form',
        resourceId: sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
        // The fields named, never their values (a correction may carry a name or a date of birth).
        details: {
          change: 'REMS form',
          before: { version: current?.version ?? 0 },
          after: {
            version: saved.version,
            fields: [
              ...(dto.monitoringProvider === undefined ? [] : ['monitoringProvider']),
              ...(dto.setting === undefined ? [] : ['setting']),
              ...(dto.corrections === undefined
                ? []
                : [`corrections: ${corrections.map((c) => c.field).join(', ') || 'none'}`]),
            ],
          },
        },
      });
      return this.compute(em, session, saved, now);
    });
  }

  /**
   * Marks the form submitted to the REMS: 422 when a field is still missing (named), when the
   * session is not a given esketamine dose, or when already submitted; 400 for a time in the
   * future or before the dose start.
   */
  async submit(
    actor: Actor,
    sessionId: string,
    expectedVersion: number | undefined,
    dto: RemsSubmittedDto,
  ): Promise<RemsFormDto> {
    const submittedAt = new Date(dto.submittedAt);
    const now = new Date();
    notInFuture('submittedAt', submittedAt, now);
    return this.db.transaction(async (em) => {
      const session = await this.remsSession(em, actor, sessionId, { forWrite: true });
      if (submittedAt.getTime() < session.startedAt.getTime()) {
        throw new BadRequestException([
          `submittedAt must not be before the session's dose start (${session.startedAt.toISOString()})`,
        ]);
      }
      const current = await this.record(em, sessionId);
      checkIfMatch(expectedVersion, current?.version ?? 0);
      const form = await this.compute(em, session, current, now);
      const problems = remsSubmissionProblems(form);
      // Without a record the provider and setting are missing, so `current` is set past here.
      if (problems.length > 0 || current === null) throw new UnprocessableEntityException(problems);
      const saved: RemsFormRecord = {
        ...current,
        submittedAt,
        submittedBy: actor.userId,
        reference: text(dto.reference),
        updatedAt: now,
        version: current.version + 1,
      };
      await this.updateAt(em, current.version, saved);
      await this.audit.record(em, actor, {
        action: 'update',
        resourceType: 'rems_form',
        resourceId: sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
        details: {
          change: 'REMS form submitted',
          before: { version: current.version, submittedAt: null },
          after: { version: saved.version, submittedAt: submittedAt.toISOString() },
        },
      });
      return this.compute(em, session, saved, now);
    });
  }

  /** An esketamine session that was given, of the actor's clinics (writes: not entered in error). */
  private async remsSession(
    em: EntityManager,
    actor: Actor,
    sessionId: string,
    options: { forWrite?: boolean } = {},
  ): Promise<DosingSession> {
    const session = await sessionInScope(em, actor, sessionId);
    if (session.drug !== 'esketamine') throw new UnprocessableEntityException(REMS_ESKETAMINE_ONLY);
    if (!sessionGiven(session.status))
      throw new UnprocessableEntityException(
        `The session is ${session.status}: a REMS form is for a dose given`,
      );
    if (options.forWrite && session.enteredInErrorAt) {
      throw new UnprocessableEntityException(
        'The session was marked entered in error: its REMS form is not recorded',
      );
    }
    if (options.forWrite && this.db.kind === 'postgres') {
      // One writer per form at a time: two first PATCHes cannot both insert version 1.
      await em.findOne(DosingSession, {
        where: { id: sessionId },
        lock: { mode: 'for_no_key_update' },
        select: { id: true },
      });
    }
    return session;
  }

  private record(em: EntityManager, sessionId: string): Promise<RemsFormRecord | null> {
    return em.findOne(RemsFormRecord, { where: { sessionId } });
  }

  /** Optimistic update: 412 when another write got there first. */
  private async updateAt(em: EntityManager, version: number, saved: RemsFormRecord): Promise<void> {
    const { sessionId, ...fields } = saved;
    const result = await em.update(RemsFormRecord, { sessionId, version }, fields);
    if (result.affected === 0) throw versionMismatch(version + 1);
  }

  private async compute(
    em: EntityManager,
    session: DosingSession,
    record: RemsFormRecord | null,
    now: Date,
  ): Promise<RemsFormDto> {
    const patient = await em.findOneByOrFail(Patient, { id: session.patientId });
    // Session numbers follow the order of dosing, so a lower number is an earlier session.
    const previousEsketamineSessions = await em.count(DosingSession, {
      where: {
        patientId: session.patientId,
        drug: 'esketamine',
        sessionNumber: LessThan(session.sessionNumber),
        enteredInErrorAt: IsNull(),
        status: In([...GIVEN_SESSION_STATUSES]),
      },
    });
    // Records entered in error are not part of the form.
    const observations = await em.find(Observation, {
      where: { sessionId: session.id, enteredInErrorAt: IsNull() },
      order: { recordedAt: 'ASC' },
    });
    const sideEffects = await em.find(SideEffect, {
      where: { sessionId: session.id, enteredInErrorAt: IsNull() },
      order: { onsetAt: 'ASC' },
    });
    const submitter = record?.submittedBy
      ? await em.findOne(User, {
          where: { id: record.submittedBy },
          select: { id: true, name: true },
        })
      : null;
    return remsForm({
      patient,
      session,
      previousEsketamineSessions,
      observations,
      sideEffects,
      thresholds: await this.thresholdsFor(em, session.clinicId),
      now,
      record: record && { ...record, submittedByName: submitter?.name ?? null },
    });
  }

  // The CLINICAL.md defaults for now; to be replaced by the clinic's own thresholds.
  thresholdsFor(_em: EntityManager, _clinicId: string): Promise<ClinicThresholds> {
    return Promise.resolve(DEFAULT_THRESHOLDS);
  }
}
