import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  UnprocessableEntityException,
} from '@nestjs/common';
import { LessThanOrEqual } from 'typeorm';
import { followUpStatus } from '@clinic/shared';
import { Clinic } from '../clinics/clinic.entity';
import type { Actor } from '../common/auth/actor';
import { isClinicMember } from '../common/auth/actor';
import { ScopeViolation } from '../common/auth/scope-violation';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Db } from '../common/transactions/db.service';
import { FollowUpRequest } from '../followups/follow-up-request.entity';
import { FollowUpsService } from '../followups/follow-ups.service';
import { Patient } from '../patients/patient.entity';
import { type OutboxChannel, OutboxMessage } from './outbox-message.entity';
import { LoggingTransport, type MessageTransport, SmtpTransport } from './transports';

const MAX_ATTEMPTS = 5;
const BATCH = 20;
/** How long a claimed message is left to its sender before another instance may try it. */
const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Follow-up links leave through an outbox: queued in the same transaction as the request to send
 * (audited), delivered afterwards by a pluggable transport per channel, retried with backoff. A
 * queued message holds its follow-up request's id, never the link: the link is signed as it is
 * handed to the transport.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly transports: Record<OutboxChannel, MessageTransport>;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly followUps: FollowUpsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transports = {
      email: config.smtpUrl
        ? new SmtpTransport(config.smtpUrl, config.mailFrom)
        : new LoggingTransport('email'),
      sms: new LoggingTransport('sms'),
    };
  }

  onApplicationBootstrap(): void {
    if (this.config.outboxIntervalSeconds === 0) return;
    // A failed round (the database unavailable) is logged and tried again at the next tick; left
    // unhandled, its rejection would end the process.
    this.timer = setInterval(() => {
      this.deliver().catch((error: unknown) => {
        const code = (error as { code?: string } | null)?.code;
        this.logger.error(
          `outbox delivery round failed: ${code ?? (error instanceof Error ? error.name : 'error')}`,
        );
      });
    }, this.config.outboxIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async queue(
    actor: Actor,
    followUpId: string,
    channel: OutboxChannel,
  ): Promise<{ id: string; status: 'queued'; channel: OutboxChannel }> {
    return this.db.transaction(async (em) => {
      const request = await em.findOne(FollowUpRequest, { where: { id: followUpId } });
      if (!request) throw new UnprocessableEntityException('Follow-up request not found');
      if (!isClinicMember(actor, request.clinicId)) {
        throw new ScopeViolation(
          actor,
          'follow_up',
          followUpId,
          request.patientId,
          request.clinicId,
          'Follow-up request not found',
        );
      }
      const status = followUpStatus(request, new Date());
      if (status === 'completed' || status === 'expired') {
        throw new UnprocessableEntityException(
          `The follow-up request is ${status}; there is nothing to send`,
        );
      }
      const patient = await em.findOneByOrFail(Patient, { id: request.patientId });
      const recipient = channel === 'email' ? patient.email : patient.phone;
      if (!recipient) {
        throw new UnprocessableEntityException(
          `The patient has no ${channel === 'email' ? 'email address' : 'mobile number'} on record`,
        );
      }
      const clinic = await em.findOneByOrFail(Clinic, { id: request.clinicId });
      // The clinic's name only: no name, no diagnosis, nothing else about the patient. The link is
      // not stored: the row names its follow-up request, and delivery signs the link when it sends
      // (a copy of the database, or of this table, holds no link a stranger could open).
      const text = `${clinic.name}: please answer a short questionnaire about how you have been over the last 24 hours.`;
      const message: OutboxMessage = {
        id: newId(),
        followUpId,
        patientId: request.patientId,
        clinicId: request.clinicId,
        channel,
        recipient,
        subject: `${clinic.name}: your follow-up questionnaire`,
        body: text,
        status: 'queued',
        attempts: 0,
        lastError: null,
        nextAttemptAt: new Date(),
        createdBy: actor.userId,
        createdAt: new Date(),
        sentAt: null,
      };
      await em.insert(OutboxMessage, message);
      await this.audit.record(em, actor, {
        action: 'create',
        resourceType: 'follow_up_message',
        resourceId: message.id,
        patientId: request.patientId,
        clinicId: request.clinicId,
      });
      return { id: message.id, status: 'queued' as const, channel };
    });
  }

  /** Delivers due messages; returns how many were sent. Never overlaps itself. */
  async deliver(now = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let sent = 0;
    try {
      const due = await this.db.read((em) =>
        em.find(OutboxMessage, {
          where: { status: 'queued', nextAttemptAt: LessThanOrEqual(now) },
          order: { createdAt: 'ASC' },
          take: BATCH,
        }),
      );
      for (const message of due) {
        // Several API instances deliver from one outbox: a message is sent by the instance whose
        // claim (attempts + 1, the next attempt pushed past the lease) changed the row; the others
        // see it taken and skip it. An instance that stops mid-send leaves it due again after the lease.
        const attempts = message.attempts + 1;
        const claim = await this.db.transaction((em) =>
          em.update(
            OutboxMessage,
            { id: message.id, status: 'queued', attempts: message.attempts },
            { attempts, nextAttemptAt: new Date(Date.now() + CLAIM_LEASE_MS) },
          ),
        );
        if (claim.affected !== 1) continue;
        try {
          const link = await this.db.read(async (em) =>
            this.followUps.linkFor(await this.followUps.linkSecret(em), message.followUpId),
          );
          await this.transports[message.channel].send({
            id: message.id,
            to: message.recipient,
            subject: message.subject,
            text: `${message.body} ${link}`,
          });
          await this.db.transaction((em) =>
            em.update(
              OutboxMessage,
              { id: message.id },
              { status: 'sent', sentAt: new Date(), lastError: null },
            ),
          );
          sent += 1;
        } catch (error) {
          const code =
            (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'error');
          await this.db.transaction((em) =>
            em.update(
              OutboxMessage,
              { id: message.id },
              {
                attempts,
                status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
                lastError: String(code).slice(0, 200),
                nextAttemptAt: new Date(Date.now() + 2 ** attempts * 30_000),
              },
            ),
          );
          this.logger.warn(
            `message ${message.id} not delivered (attempt ${attempts}): ${String(code)}`,
          );
        }
      }
    } finally {
      this.running = false;
    }
    return sent;
  }
}
