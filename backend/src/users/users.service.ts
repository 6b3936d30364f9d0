import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type EntityManager, In, Not } from 'typeorm';
import type { ListResponse, Role, UserDto } from '@clinic/shared';
import { hashPassword } from '../common/auth/password';
import { Clinic } from '../clinics/clinic.entity';
import { recordAdministration } from '../common/audit/admin-audit';
import { AuditService } from '../common/audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { checkIfMatch, versionMismatch } from '../common/http/etag';
import { newId } from '../common/ids';
import { page, type PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../common/transactions/db.service';
import type {
  CreateUserDto,
  RevokeSessionsDto,
  UpdateUserDto,
  UserStatusDto,
} from './dto/user.dto';
import { User, UserClinic } from './user.entity';
import { toUserDto } from './user.mapper';
import { USER_SESSIONS, type UserSessions } from './user-sessions';

/** The role and clinics rules of API.md (create and change alike); errors name the field. */
function membershipErrors(role: Role, clinicIds: string[]): string[] {
  if (role !== 'admin' && clinicIds.length === 0)
    return ['clinicIds must name at least one clinic for clinical and manager roles'];
  if (role === 'admin' && clinicIds.length > 0)
    return ['clinicIds must be empty for an administrator (admins see no clinical data)'];
  return [];
}

const normaliseIds = (ids: string[]): string[] =>
  [...new Set(ids.map((id) => id.toLowerCase()))].sort();

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(USER_SESSIONS) private readonly sessions: UserSessions,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const clinicIds = normaliseIds(dto.clinicIds);
    const errors = membershipErrors(dto.role, clinicIds);
    if (errors.length > 0) throw new BadRequestException(errors);
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (em) => {
      const email = dto.email.trim().toLowerCase();
      if (await em.exists(User, { where: { email } }))
        throw new ConflictException('A user with this email already exists');
      await this.requireClinics(em, clinicIds);
      const user: User = {
        id: newId(),
        email,
        name: dto.name.trim(),
        role: dto.role,
        passwordHash,
        active: true,
        disabledAt: null,
        version: 1,
        createdAt: new Date(),
      };
      await em.insert(User, user);
      if (clinicIds.length > 0)
        await em.insert(
          UserClinic,
          clinicIds.map((clinicId) => ({ userId: user.id, clinicId })),
        );
      // Never the password or its hash.
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'user',
        resourceId: user.id,
        clinicIds,
        details: {
          change: 'user.create',
          before: {},
          after: { email: user.email, name: user.name, role: user.role, clinicIds },
        },
      });
      return toUserDto(user, clinicIds);
    });
  }

  async list(_actor: Actor, query: PaginationQuery): Promise<ListResponse<UserDto>> {
    const { take, skip } = page(query);
    return this.db.read(async (em) => {
      const [users, total] = await em.findAndCount(User, { order: { email: 'ASC' }, take, skip });
      const links = users.length
        ? await em.find(UserClinic, {
            where: { userId: In(users.map((u) => u.id)) },
            order: { clinicId: 'ASC' },
          })
        : [];
      const byUser = new Map<string, string[]>();
      for (const link of links)
        byUser.set(link.userId, [...(byUser.get(link.userId) ?? []), link.clinicId]);
      return { items: users.map((u) => toUserDto(u, byUser.get(u.id) ?? [])), total };
    });
  }

  /** Name, role and clinics (If-Match). The actor's own role does not change, and the last admin stays. */
  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    dto: UpdateUserDto,
  ): Promise<UserDto> {
    if (dto.name === undefined && dto.role === undefined && dto.clinicIds === undefined) {
      throw new BadRequestException(['the body must change at least one of name, role, clinicIds']);
    }
    return this.db.transaction(async (em) => {
      const user = await this.load(em, id);
      if (user.version !== expectedVersion) throw versionMismatch(user.version);
      const clinicsBefore = await this.clinicIdsOf(em, id);
      const role = dto.role ?? user.role;
      const clinicIds = dto.clinicIds ? normaliseIds(dto.clinicIds) : clinicsBefore;
      const name = dto.name?.trim() ?? user.name;
      const errors = membershipErrors(role, clinicIds);
      if (errors.length > 0) throw new BadRequestException(errors);
      await this.requireClinics(em, clinicIds);
      if (role !== user.role) {
        if (user.id === actor.userId)
          throw new UnprocessableEntityException([
            'role: administrators cannot change their own role',
          ]);
        if (user.role === 'admin') await this.requireAnotherAdmin(em, user.id, 'role');
      }

      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (name !== user.name) [before['name'], after['name']] = [user.name, name];
      if (role !== user.role) [before['role'], after['role']] = [user.role, role];
      const membershipChanged = clinicIds.join() !== clinicsBefore.join();
      if (membershipChanged) [before['clinicIds'], after['clinicIds']] = [clinicsBefore, clinicIds];

      const changed: User = { ...user, name, role, version: user.version + 1 };
      const result = await em.update(
        User,
        { id, version: expectedVersion },
        { name, role, version: changed.version },
      );
      if (result.affected === 0) throw versionMismatch(expectedVersion + 1);
      if (membershipChanged) {
        await em.delete(UserClinic, { userId: id });
        if (clinicIds.length > 0)
          await em.insert(
            UserClinic,
            clinicIds.map((clinicId) => ({ userId: id, clinicId })),
          );
      }
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'user',
        resourceId: id,
        clinicIds: [...clinicsBefore, ...clinicIds],
        details: { change: 'user.update', before, after },
      });
      return toUserDto(changed, clinicIds);
    });
  }

  /**
   * Disables the account: sign-in is refused (as bad credentials) and every session of the user
   * ends at once. Sessions live in the database, so this holds on every API instance: each request
   * (and each live-board stream's heartbeat) looks its session and its user up there.
   */
  async disable(
    actor: Actor,
    id: string,
    dto: UserStatusDto,
    expectedVersion: number | undefined,
  ): Promise<UserDto> {
    return this.db.transaction(async (em) => {
      const user = await this.load(em, id);
      checkIfMatch(expectedVersion, user.version);
      if (user.id === actor.userId)
        throw new UnprocessableEntityException([
          'id: administrators cannot disable their own account',
        ]);
      const clinicIds = await this.clinicIdsOf(em, id);
      if (user.disabledAt) return toUserDto(user, clinicIds);
      if (user.role === 'admin') await this.requireAnotherAdmin(em, user.id, 'id');
      const now = new Date();
      const changed: User = { ...user, active: false, disabledAt: now, version: user.version + 1 };
      await this.saveStatus(em, user, changed);
      const revoked = await this.sessions.revokeAll(em, id, now);
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'user',
        resourceId: id,
        clinicIds,
        details: {
          change: 'user.disable',
          reason: dto.reason.trim(),
          before: { disabledAt: null, activeSessions: revoked },
          after: { disabledAt: now.toISOString(), activeSessions: 0 },
        },
      });
      return toUserDto(changed, clinicIds);
    });
  }

  /** Enables a disabled account: the user may sign in again (the ended sessions stay ended). */
  async enable(
    actor: Actor,
    id: string,
    dto: UserStatusDto,
    expectedVersion: number | undefined,
  ): Promise<UserDto> {
    return this.db.transaction(async (em) => {
      const user = await this.load(em, id);
      checkIfMatch(expectedVersion, user.version);
      const clinicIds = await this.clinicIdsOf(em, id);
      if (!user.disabledAt && user.active) return toUserDto(user, clinicIds);
      const changed: User = { ...user, active: true, disabledAt: null, version: user.version + 1 };
      await this.saveStatus(em, user, changed);
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'user',
        resourceId: id,
        clinicIds,
        details: {
          change: 'user.enable',
          reason: dto.reason.trim(),
          before: { disabledAt: user.disabledAt ? user.disabledAt.toISOString() : null },
          after: { disabledAt: null },
        },
      });
      return toUserDto(changed, clinicIds);
    });
  }

  /** Ends every session of the user now (someone who leaves, a lost device); audited with the count. */
  async revokeSessions(actor: Actor, id: string, dto: RevokeSessionsDto): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.load(em, id);
      const clinicIds = await this.clinicIdsOf(em, id);
      const revoked = await this.sessions.revokeAll(em, id, new Date());
      await recordAdministration(this.audit, em, actor, {
        resourceType: 'user',
        resourceId: id,
        clinicIds,
        details: {
          change: 'user.sessions_revoke',
          ...(dto.reason ? { reason: dto.reason.trim() } : {}),
          before: { activeSessions: revoked },
          after: { activeSessions: 0 },
        },
      });
    });
  }

  private async load(em: EntityManager, id: string): Promise<User> {
    const user = await em.findOne(User, { where: { id } });
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  private async clinicIdsOf(em: EntityManager, userId: string): Promise<string[]> {
    const rows = await em.find(UserClinic, { where: { userId }, order: { clinicId: 'ASC' } });
    return rows.map((row) => row.clinicId);
  }

  private async requireClinics(em: EntityManager, clinicIds: string[]): Promise<void> {
    if (clinicIds.length === 0) return;
    const found = await em.count(Clinic, { where: { id: In(clinicIds) } });
    if (found !== clinicIds.length)
      throw new BadRequestException(['clinicIds must name existing clinics']);
  }

  /** 422 when `userId` is the last enabled administrator (no one could administer any more). */
  private async requireAnotherAdmin(
    em: EntityManager,
    userId: string,
    field: string,
  ): Promise<void> {
    // Two administrators disabling each other at once on PostgreSQL: the second waits for the
    // first here (row locks on every administrator), then counts what the first left.
    if (em.connection.options.type === 'postgres') {
      await em
        .createQueryBuilder(User, 'u')
        .select('u.id')
        .where('u.role = :role', { role: 'admin' })
        .setLock('pessimistic_write')
        .getMany();
    }
    const others = await em.count(User, {
      where: { role: 'admin', active: true, id: Not(userId) },
    });
    if (others === 0)
      throw new UnprocessableEntityException([
        `${field}: this is the last enabled administrator; enable or create another one first`,
      ]);
  }

  private async saveStatus(em: EntityManager, user: User, changed: User): Promise<void> {
    const result = await em.update(
      User,
      { id: user.id, version: user.version },
      { active: changed.active, disabledAt: changed.disabledAt, version: changed.version },
    );
    if (result.affected === 0) throw versionMismatch(user.version + 1);
  }
}
