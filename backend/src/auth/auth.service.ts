import { createHash, randomBytes } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import * as argon2 from 'argon2';
import type { Request } from 'express';
import { type EntityManager, IsNull, LessThan, MoreThan } from 'typeorm';
import type { BoardTicketDto, LoginResponse, UserDto } from '@clinic/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Actor } from '../common/auth/actor';
import { AuditService } from '../common/audit/audit.service';
import { newId, UUID_PATTERN } from '../common/ids';
import { Db } from '../database/db.service';
import { User, UserClinic } from '../users/user.entity';
import { toUserDto } from '../users/user.mapper';
import { AuthSession, LoginAttempt, StreamTicket } from './auth-session.entity';

const BAD_CREDENTIALS = 'Email or password is incorrect';
/** Only refresh last_seen_at when it is older than this, so each request does not write. */
const SLIDE_GRANULARITY_MS = 15_000;
const STREAM_TICKET_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** argon2id with the library's defaults (64 MiB, t=3, p=4): above OWASP's minimum for argon2id. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

@Injectable()
export class AuthService {
  /** A real hash to verify against for unknown emails, so both failures take the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(emailRaw: string, password: string, ip: string | null): Promise<LoginResponse> {
    const account = emailRaw.trim().toLowerCase();
    const address = ip ?? 'unknown';
    const now = new Date();

    const throttled = await this.db.read(async (em) => {
      const windowStart = new Date(now.getTime() - this.config.loginWindowMinutes * 60_000);
      const lastSuccess = await em.findOne(LoginAttempt, {
        where: { account, success: true, at: MoreThan(windowStart) },
        order: { at: 'DESC' },
      });
      const accountSince =
        lastSuccess && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
      const [accountFailures, addressFailures] = await Promise.all([
        em.count(LoginAttempt, { where: { account, success: false, at: MoreThan(accountSince) } }),
        em.count(LoginAttempt, {
          where: { ip: address, success: false, at: MoreThan(windowStart) },
        }),
      ]);
      return (
        accountFailures >= this.config.loginMaxFailuresPerAccount ||
        addressFailures >= this.config.loginMaxFailuresPerAddress
      );
    });
    if (throttled) {
      await this.db.transaction((em) =>
        this.audit.recordAs(
          em,
          { userId: null, role: null, ip },
          { action: 'login_failed', resourceType: 'user', outcome: 'denied' },
        ),
      );
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Too many failed sign-in attempts; try again later',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }

    const user = await this.db.read((em) => em.findOne(User, { where: { email: account } }));
    const verified = user
      ? await argon2.verify(user.passwordHash, password).catch(() => false)
      : await this.verifyDummy(password);

    if (!user || !verified || !user.active) {
      await this.db.transaction(async (em) => {
        await em.insert(LoginAttempt, {
          id: newId(),
          account,
          ip: address,
          success: false,
          at: now,
        });
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
      await em.insert(LoginAttempt, { id: newId(), account, ip: address, success: true, at: now });
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

  /** Resolves a bearer token to the acting user, or null when unknown, revoked, idle too long or past its lifetime. */
  async authenticate(token: string, ip: string | null): Promise<Actor | null> {
    return this.db.read(async (em) => {
      const session = await em.findOne(AuthSession, { where: { tokenHash: hashToken(token) } });
      return session ? this.actorOf(em, session, ip, true) : null;
    });
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

  /** Spends a stream ticket; null when unknown, used, expired, or its sign-in session has ended. */
  async authenticateTicket(ticket: string, ip: string | null): Promise<Actor | null> {
    const now = new Date();
    return this.db.transaction(async (em) => {
      const row = await em.findOne(StreamTicket, { where: { ticketHash: hashToken(ticket) } });
      if (!row || row.usedAt || row.expiresAt <= now) return null;
      const spent = await em.update(
        StreamTicket,
        { id: row.id, usedAt: IsNull() },
        { usedAt: now },
      );
      if (spent.affected !== 1) return null;
      const session = await em.findOne(AuthSession, { where: { id: row.authSessionId } });
      return session ? this.actorOf(em, session, ip, false) : null;
    });
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

  /** A refused role is audited (who tried what); the audit row names the route's resource. */
  async recordDenied(actor: Actor, request: Request): Promise<void> {
    const route = request.route as { path?: string } | undefined;
    const resourceType = route?.path?.split('/').filter(Boolean)[2] ?? 'endpoint';
    const id = request.params?.['id'];
    await this.db.transaction((em) =>
      this.audit.record(em, actor, {
        action: 'access_denied',
        resourceType: resourceType.slice(0, 40),
        resourceId: typeof id === 'string' && UUID_PATTERN.test(id) ? id : null,
        outcome: 'denied',
      }),
    );
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
