import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { ListResponse, UserDto } from '@clinic/shared';
import { hashPassword } from '../auth/auth.service';
import { Clinic } from '../clinics/clinic.entity';
import type { Actor } from '../common/auth/actor';
import { newId } from '../common/ids';
import { page, type PaginationQuery } from '../common/validation/pagination.dto';
import { Db } from '../database/db.service';
import type { CreateUserDto } from './dto/user.dto';
import { User, UserClinic } from './user.entity';
import { toUserDto } from './user.mapper';

@Injectable()
export class UsersService {
  constructor(private readonly db: Db) {}

  async create(_actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const clinicIds = [...new Set(dto.clinicIds.map((id) => id.toLowerCase()))];
    if (dto.role !== 'admin' && clinicIds.length === 0) {
      throw new BadRequestException([
        'clinicIds must name at least one clinic for clinical and manager roles',
      ]);
    }
    if (dto.role === 'admin' && clinicIds.length > 0) {
      throw new BadRequestException([
        'clinicIds must be empty for an administrator (admins see no clinical data)',
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (em) => {
      const email = dto.email.trim().toLowerCase();
      if (await em.exists(User, { where: { email } }))
        throw new ConflictException('A user with this email already exists');
      if (clinicIds.length > 0) {
        const found = await em.count(Clinic, { where: { id: In(clinicIds) } });
        if (found !== clinicIds.length)
          throw new BadRequestException(['clinicIds must name existing clinics']);
      }
      const user: User = {
        id: newId(),
        email,
        name: dto.name.trim(),
        role: dto.role,
        passwordHash,
        active: true,
        createdAt: new Date(),
      };
      await em.insert(User, user);
      if (clinicIds.length > 0)
        await em.insert(
          UserClinic,
          clinicIds.map((clinicId) => ({ userId: user.id, clinicId })),
        );
      return toUserDto(user, clinicIds.sort());
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
}
