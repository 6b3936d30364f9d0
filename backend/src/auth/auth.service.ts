import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { Request } from 'express';
import { type EntityManager, IsNull, LessThan, MoreThan } from 'typeorm';
import type { BoardTicketDto, LoginResponse, Role, UserDto } from '@clinic/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Actor } from '../common/auth/actor';
import type { Authenticator } from '../common/auth/authenticator';
import { AuditService } from '../common/audit/audit.service';
import { hashPassword } from '../common/auth/password';
import { TooManyRequests } from '../common/http/too-many-requests';
import { newId, UUID_PATTERN } from '../common/ids';
import { Db } from '../common/transactions/db.service';
import { User, UserClinic } from '../users/user.entity';
import { toUserDto } from '../users/user.mapper';
import type { UserSessions } from '../users/user-sessions';
import { AuthSession, LoginAttempt, StreamTicket } from './auth-session.entity';
import { forgetExpiredAttempts, throttleWaitMs } from './login-throttle';

const BAD_CREDENTIALS = 'Email or password is incorrect';
/** Only refresh last_seen_at when it is older than this, so each request does not write. */
const SLIDE_GRANULARITY_MS = 15_000;
const STREAM_TICKET_MS = 60_000;
/** An ended session's refusals are audited at most this often (per session, per instance). */
const ENDED_AUDIT_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AuthService implements Authenticator, UserSessions {
  /** A real hash to verify against for unknown emails, so both failures take the same time. */
  private dummyHash: Promise<string> | null = null;
  /** When this instance last swept expired login attempts. */
  private lastSweep = 0;
  /** When this instance last audited each ended session's refusal (endedSessionRefused). */
  private readonly endedAudited = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(emailRaw: string, password: string, ip: string | null): Promise<LoginResponse> {
    const account = emailRaw.trim().toLowerCase();
    const address = ip ?? 'unknown';
    const now = new Date();

    // Checked before anything is written, so a throttled guess costs one read (no hash, no row).
    await this.refuseWhileThrottled(account, address, ip, now, null);
    // The attempt is claimed as a failure before the password is checked, then checked again
    // counting every claim: guesses sent at once count each other instead of all slipping through
    // the first check (on several instances too). A success turns the claim into a success.
    const attemptId = newId();
    await this.db.transaction((em) =>
      em.insert(LoginAttempt, { id: attemptId, account, ip: address, success: false, at: now }),
    );
    await this.refuseWhileThrottled(account, address, ip, now, attemptId);

    const user = await this.db.read((em) => em.findOne(User, { where: { email: account } }));
    const verified = user
      ? await argon2.verify(user.passwordHash, password).catch(() => false)
      : await this.verifyDummy(password);

    if (!user || !verified || !user.active) {
      await this.db.transaction(async (em) => {
        // The wait runs from the answer, not from the arrival (hashing takes a while under load).
        await em.update(LoginAttempt, { id: attemptId }, { at: new Date() });
        await this.audit.recordAs(
          em,
          { userId: user?.id ?? null, role: user?.role ?? null, ip },
          {
            action: 'login_failed',
            resourceType: 'user',
            resourceId: user?.id ?? null,
            outcome: 'failure',
          },
        );
      });
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    const clinicIds = await this.db.transaction(async (em) => {
      await em.insert(AuthSession, {
        id: newId(),
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        revokedAt: null,
        ip,
      });
      await em.update(LoginAttempt, { id: attemptId }, { success: true });
      await this.forgetOldAttempts(em, now);
      await this.audit.recordAs(
        em,
        { userId: user.id, role: user.role, ip },
        { action: 'login', resourceType: 'user', resourceId: user.id },
      );
      return this.clinicIdsOf(em.getRepository(UserClinic), user.id);
    });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      idleTimeoutSeconds: this.config.sessionIdleMinutes * 60,
      user: toUserDto(user, clinicIds),
    };
  }

  /**
   * Resolves a bearer token to the acting user, or null when unknown, revoked, idle too long or
   * past its lifetime. A token that was once valid is audited when refused (`request` names what
   * it was presented for); an unknown one is not (endedSessionRefused).
   */
  async authenticate(token: string, ip: string | null, request?: Request): Promise<Actor | null> {
    const found = await this.db.read(async (em) => {
      const session = await em.findOne(AuthSession, { where: { tokenHash: hashToken(token) } });
      if (!session) return null;
      return { session, actor: await this.actorOf(em, session, ip, true) };
    });
    if (!found) return null;
    if (!found.actor && request) await this.endedSessionRefused(found.session, ip, request);
    return found.actor;
  }

  /** A single-use ticket, valid for 60 s, that opens the live-board stream as this signed-in session. */
  async issueStreamTicket(actor: Actor): Promise<BoardTicketDto> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + STREAM_TICKET_MS);
    await this.db.transaction(async (em) => {
      await em.delete(StreamTicket, { expiresAt: LessThan(new Date()) });
      await em.insert(StreamTicket, {
        id: newId(),
        ticketHash: hashToken(ticket),
        authSessionId: actor.sessionId,
        expiresAt,
        usedAt: null,
      });
    });
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** Spends a stream ticket; null when unknown, used, expired, or its sign-in session has ended (then audited, as a token would be). */
  async authenticateTicket(
    ticket: string,
    ip: string | null,
    request?: Request,
  ): Promise<Actor | null> {
    const now = new Date();
    const found = await this.db.transaction(async (em) => {
      const row = await em.findOne(StreamTicket, { where: { ticketHash: hashToken(ticket) } });
      if (!row || row.usedAt || row.expiresAt <= now) return null;
      const spent = await em.update(
        StreamTicket,
        { id: row.id, usedAt: IsNull() },
        { usedAt: now },
      );
      if (spent.affected !== 1) return null;
      const session = await em.findOne(AuthSession, { where: { id: row.authSessionId } });
      return session ? { session, actor: await this.actorOf(em, session, ip, false) } : null;
    });
    if (!found) return null;
    if (!found.actor && request) await this.endedSessionRefused(found.session, ip, request);
    return found.actor;
  }

  /**
   * Whether a sign-in session is still usable (checked by long-lived streams; does not slide it):
   * the session, and its user still enabled (issue 19: a disabled account's streams stop too).
   */
  async isSessionActive(sessionId: string): Promise<boolean> {
    return this.db.read(async (em) => {
      const session = await em.findOne(AuthSession, { where: { id: sessionId } });
      if (session === null || !this.sessionUsable(session, Date.now())) return false;
      const user = await em.findOne(User, {
        where: { id: session.userId },
        select: { id: true, active: true, disabledAt: true },
      });
      return user !== null && user.active && user.disabledAt === null;
    });
  }

  private sessionUsable(session: AuthSession, now: number): boolean {
    if (session.revokedAt) return false;
    if (session.expiresAt.getTime() <= now) return false;
    return session.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000 > now;
  }

  private async actorOf(
    em: EntityManager,
    session: AuthSession,
    ip: string | null,
    slide: boolean,
  ): Promise<Actor | null> {
    const now = Date.now();
    if (!this.sessionUsable(session, now)) return null;
    const user = await em.findOne(User, { where: { id: session.userId } });
    if (!user || !user.active) return null;
    const clinicIds = await this.clinicIdsOf(em.getRepository(UserClinic), user.id);
    if (slide && now - session.lastSeenAt.getTime() > SLIDE_GRANULARITY_MS) {
      await em.update(AuthSession, { id: session.id }, { lastSeenAt: new Date(now) });
    }
    return { userId: user.id, role: user.role, clinicIds, ip, sessionId: session.id };
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.update(AuthSession, { id: actor.sessionId }, { revokedAt: new Date() });
      await this.audit.record(em, actor, {
        action: 'logout',
        resourceType: 'user',
        resourceId: actor.userId,
      });
    });
  }

  async me(actor: Actor): Promise<UserDto> {
    return this.db.read(async (em) => {
      const user = await em.findOneOrFail(User, { where: { id: actor.userId } });
      return toUserDto(user, actor.clinicIds);
    });
  }

  /**
   * A refused role is audited (who tried what, naming the route's resource), once under each of
   * the actor's clinics so their managers see it (GET /audit), or with no clinic for an actor
   * without one; the administrator sees every entry either way.
   */
  /** Revokes the user's sessions that are neither revoked nor past their lifetime; returns how many. */
  async revokeAll(em: EntityManager, userId: string, at: Date): Promise<number> {
    const result = await em.update(
      AuthSession,
      { userId, revokedAt: IsNull(), expiresAt: MoreThan(at) },
      { revokedAt: at },
    );
    return result.affected ?? 0;
  }

  async recordDenied(actor: Actor, request: Request): Promise<void> {
    await this.recordRefusal(
      { userId: actor.userId, role: actor.role, ip: actor.ip },
      actor.clinicIds,
      request,
    );
  }

  /**
   * A token (or stream ticket) that was once valid, presented after it expired, idled out, was
   * signed out or revoked, or after its user was disabled: audited as access_denied by that user,
   * under the user's clinics. At most once a minute per session on each instance: a client that
   * keeps polling with its dead token must not write a row per request. Unknown tokens are never
   * audited: anyone can send random ones, and each would be a write (and a turn of the audit
   * chain's lock) for free.
   */
  private async endedSessionRefused(
    session: AuthSession,
    ip: string | null,
    request: Request,
  ): Promise<void> {
    const now = Date.now();
    const last = this.endedAudited.get(session.id);
    if (last !== undefined && now - last < ENDED_AUDIT_EVERY_MS) return;
    this.endedAudited.set(session.id, now);
    if (this.endedAudited.size > 10_000) {
      for (const [id, at] of this.endedAudited) {
        if (now - at >= ENDED_AUDIT_EVERY_MS) this.endedAudited.delete(id);
      }
    }
    const found = await this.db.read(async (em) => {
      const user = await em.findOne(User, { where: { id: session.userId } });
      return user
        ? { user, clinicIds: await this.clinicIdsOf(em.getRepository(UserClinic), user.id) }
        : null;
    });
    if (!found) return;
    await this.recordRefusal(
      { userId: found.user.id, role: found.user.role, ip },
      found.clinicIds,
      request,
    );
  }

  private async recordRefusal(
    who: { userId: string; role: Role; ip: string | null },
    clinicIds: readonly string[],
    request: Request,
  ): Promise<void> {
    const route = request.route as { path?: string } | undefined;
    const resourceType = route?.path?.split('/').filter(Boolean)[2] ?? 'endpoint';
    const id = request.params?.['id'];
    const event = {
      action: 'access_denied' as const,
      resourceType: resourceType.slice(0, 40),
      resourceId: typeof id === 'string' && UUID_PATTERN.test(id) ? id : null,
      outcome: 'denied' as const,
    };
    await this.db.transaction(async (em) => {
      if (clinicIds.length === 0) {
        await this.audit.recordAs(em, who, { ...event, clinicId: null });
        return;
      }
      for (const clinicId of clinicIds) {
        await this.audit.recordAs(em, who, { ...event, clinicId });
      }
    });
  }

  /**
   * Answers 429 (with Retry-After) while this account and address must wait; the refusal is
   * audited and, when it follows a claim, the claim is withdrawn (a refused attempt is no failure).
   */
  private async refuseWhileThrottled(
    account: string,
    address: string,
    ip: string | null,
    now: Date,
    claimId: string | null,
  ): Promise<void> {
    const waitMs = await this.db.read((em) =>
      throttleWaitMs(em, this.config, account, address, now, claimId),
    );
    if (waitMs <= 0) return;
    await this.db.transaction(async (em) => {
      if (claimId) await em.delete(LoginAttempt, { id: claimId });
      await this.audit.recordAs(
        em,
        { userId: null, role: null, ip },
        { action: 'login_failed', resourceType: 'user', outcome: 'denied' },
      );
    });
    throw new TooManyRequests('Too many failed sign-in attempts; try again later', waitMs / 1000);
  }

  /** Expired attempts are swept at most hourly per instance, after a successful sign-in. */
  private async forgetOldAttempts(em: EntityManager, now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 3_600_000) return;
    this.lastSweep = now.getTime();
    await forgetExpiredAttempts(em, this.config, now);
  }

  private async clinicIdsOf(
    repo: { find: (o: object) => Promise<UserClinic[]> },
    userId: string,
  ): Promise<string[]> {
    const rows = await repo.find({ where: { userId }, order: { clinicId: 'ASC' } });
    return rows.map((row) => row.clinicId);
  }

  private async verifyDummy(password: string): Promise<boolean> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2.verify(await this.dummyHash, password).catch(() => false);
    return false;
  }
}
