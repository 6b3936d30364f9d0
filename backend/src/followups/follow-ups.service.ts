import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Between, type EntityManager, In, IsNull, MoreThan } from 'typeorm';
import {
  type ClinicThresholds,
  contactChannels,
  type FollowUpChannel,
  type FollowUpDto,
  type FollowUpSlot,
  type FollowUpSummaryDto,
  followUpSchedule,
  followUpStatus,
  type ListResponse,
  sessionGiven,
} from '@clinic/shared';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import type { Actor } from '../common/auth/actor';
import type { SessionFollowUps } from '../sessions/session-hooks';
import { sessionInScope } from '../sessions/session-scope';
import { AuditService } from '../common/audit/audit.service';
import { newId } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Db } from '../common/transactions/db.service';
import type { DosingSession } from '../sessions/dosing-session.entity';
import { Patient } from '../patients/patient.entity';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { AppSetting, FollowUpRequest } from './follow-up-request.entity';

const SECRET_KEY = 'follow_up_link_secret';

export const hashLinkToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/**
 * Follow-up requests of each session and their links. A link's token is HMAC-SHA256(secret, request
 * id): 256 bits nobody can guess without the secret, shown to staff whenever they need it, and only
 * its SHA-256 is stored (for the lookup when the patient opens it).
 */
@Injectable()
export class FollowUpsService implements OnApplicationBootstrap, SessionFollowUps {
  private readonly logger = new Logger('FollowUps');
  private secret: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly thresholds: ThresholdsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the session's requests (idempotent); a PHQ-9 already inside a window completes it. */
  async ensureForSession(em: EntityManager, session: DosingSession): Promise<FollowUpRequest[]> {
    return (await this.ensureForSessions(em, [session])).get(session.id) ?? [];
  }

  /**
   * The requests of many sessions by session id, creating the missing ones in one insert (three
   * queries whatever the number of sessions). A PHQ-9 already inside a window completes its request.
   */
  async ensureForSessions(
    em: EntityManager,
    all: readonly Pick<DosingSession, 'id' | 'patientId' | 'clinicId' | 'startedAt' | 'status'>[],
  ): Promise<Map<string, FollowUpRequest[]>> {
    // Only a dose given has follow-ups (v2): an order not started, or cancelled, has none.
    const sessions = all.filter((s) => sessionGiven(s.status));
    const bySession = new Map<string, FollowUpRequest[]>(all.map((s) => [s.id, []]));
    if (sessions.length === 0) return bySession;
    for (const request of await em.find(FollowUpRequest, {
      where: { sessionId: In(sessions.map((s) => s.id)) },
    })) {
      bySession.get(request.sessionId)?.push(request);
    }
    const missing: { session: (typeof sessions)[number]; slot: FollowUpSlot }[] = [];
    const thresholds = new Map<string, ClinicThresholds>();
    for (const session of sessions) {
      let t = thresholds.get(session.clinicId);
      if (!t) {
        t = await this.thresholds.forClinic(em, session.clinicId);
        thresholds.set(session.clinicId, t);
      }
      const existing = bySession.get(session.id) ?? [];
      for (const slot of followUpSchedule(session.startedAt, t)) {
        if (!existing.some((r) => r.kind === slot.kind)) missing.push({ session, slot });
      }
    }
    if (missing.length > 0) {
      const secret = await this.linkSecret(em);
      const from = Math.min(...missing.map((m) => Date.parse(m.slot.opensAt)));
      const to = Math.max(...missing.map((m) => Date.parse(m.slot.expiresAt)));
      const answers = await em.find(Phq9Assessment, {
        where: {
          patientId: In([...new Set(missing.map((m) => m.session.patientId))]),
          administeredAt: Between(new Date(from), new Date(to)),
        },
        order: { administeredAt: 'ASC' },
        select: { id: true, patientId: true, administeredAt: true },
      });
      const now = new Date();
      const created = missing.map(({ session, slot }): FollowUpRequest => {
        const id = newId();
        const opens = Date.parse(slot.opensAt);
        const expires = Date.parse(slot.expiresAt);
        const answered = answers.find(
          (a) =>
            a.patientId === session.patientId &&
            a.administeredAt.getTime() >= opens &&
            a.administeredAt.getTime() <= expires,
        );
        return {
          id,
          sessionId: session.id,
          patientId: session.patientId,
          clinicId: session.clinicId,
          kind: slot.kind,
          dueAt: new Date(slot.dueAt),
          opensAt: new Date(opens),
          expiresAt: new Date(expires),
          tokenHash: hashLinkToken(this.token(secret, id)),
          completedAt: answered?.administeredAt ?? null,
          phq9Id: answered?.id ?? null,
          createdAt: now,
        };
      });
      for (let i = 0; i < created.length; i += 50) {
        await em.insert(FollowUpRequest, created.slice(i, i + 50));
      }
      for (const request of created) bySession.get(request.sessionId)?.push(request);
    }
    for (const list of bySession.values())
      list.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return bySession;
  }

  /** Kind, status and completion of each request: what the board and the flags inbox show. */
  summary(requests: readonly FollowUpRequest[], now: Date): FollowUpSummaryDto[] {
    return requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: followUpStatus(r, now),
      dueAt: r.dueAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
      phq9Id: r.phq9Id,
    }));
  }

  async listForSession(actor: Actor, sessionId: string): Promise<ListResponse<FollowUpDto>> {
    return this.db.transaction(async (em) => {
      const session = await sessionInScope(em, actor, sessionId);
      const requests = await this.ensureForSession(em, session);
      const secret = await this.linkSecret(em);
      // Whether the patient has an email address / a phone number: the channels offered.
      const patient = await em.findOneOrFail(Patient, {
        where: { id: session.patientId },
        select: { id: true, email: true, phone: true },
      });
      const channels = contactChannels(patient);
      await this.audit.record(em, actor, {
        action: 'read',
        resourceType: 'follow_up',
        resourceId: sessionId,
        patientId: session.patientId,
        clinicId: session.clinicId,
      });
      const now = new Date();
      const items = requests.map((r) => this.toDto(r, secret, now, channels));
      return { items, total: items.length };
    });
  }

  /** `channels`: how the patient can be reached (contactChannels of their record). */
  toDto(r: FollowUpRequest, secret: string, now: Date, channels: FollowUpChannel[]): FollowUpDto {
    return {
      id: r.id,
      sessionId: r.sessionId,
      kind: r.kind,
      dueAt: r.dueAt.toISOString(),
      opensAt: r.opensAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      status: followUpStatus(r, now),
      link: this.linkFor(secret, r.id),
      completedAt: r.completedAt?.toISOString() ?? null,
      phq9Id: r.phq9Id,
      channels,
    };
  }

  /** The patient's link to a request, on the configured public URL. */
  linkFor(secret: string, requestId: string): string {
    return `${this.config.publicUrl}/r/${this.token(secret, requestId)}`;
  }

  token(secret: string, requestId: string): string {
    return createHmac('sha256', secret).update(`follow-up:${requestId}`).digest('base64url');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.linkSecret) return;
    const resigned = await this.retireStoredSecret(this.config.linkSecret, new Date());
    if (resigned !== null) {
      this.logger.warn(
        `LINK_SECRET is set: the link-signing secret kept in the database was removed (${resigned} open follow-up link(s) re-signed)`,
      );
    }
  }

  /**
   * Once LINK_SECRET is set, a secret generated earlier (development, or a deployment from before
   * LINK_SECRET was required) must not stay in the database. When it differs from LINK_SECRET, the
   * requests still open or scheduled are re-signed with LINK_SECRET, so the links staff see open;
   * a link already sent with the old secret then answers 410 and the staff send it again. Returns
   * how many were re-signed, or null when no secret was stored. Idempotent (instances may race).
   */
  async retireStoredSecret(secret: string, now: Date): Promise<number | null> {
    return this.db.transaction(async (em) => {
      const stored = await em.findOne(AppSetting, { where: { key: SECRET_KEY } });
      if (!stored) return null;
      let resigned = 0;
      if (stored.value !== secret) {
        const open = await em.find(FollowUpRequest, {
          where: { completedAt: IsNull(), expiresAt: MoreThan(now) },
          select: { id: true },
        });
        for (const request of open) {
          await em.update(
            FollowUpRequest,
            { id: request.id },
            { tokenHash: hashLinkToken(this.token(secret, request.id)) },
          );
        }
        resigned = open.length;
      }
      await em.delete(AppSetting, { key: SECRET_KEY });
      return resigned;
    });
  }

  /**
   * The link-signing secret: LINK_SECRET (required in production), else one generated once and
   * kept in app_settings. Acceptable in development only: the database there is a throwaway with
   * synthetic patients, and a generated secret lets `npm start` run with no setup.
   */
  async linkSecret(em: EntityManager): Promise<string> {
    if (this.config.linkSecret) return this.config.linkSecret;
    if (this.secret) return this.secret;
    let row = await em.findOne(AppSetting, { where: { key: SECRET_KEY } });
    if (!row) {
      row = { key: SECRET_KEY, value: randomBytes(32).toString('base64url') };
      await em.createQueryBuilder().insert().into(AppSetting).values(row).orIgnore().execute();
      row = await em.findOneByOrFail(AppSetting, { key: SECRET_KEY });
    }
    this.secret = row.value;
    return row.value;
  }
}
