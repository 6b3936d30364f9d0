import { Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { User, UserClinic } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Staff accounts (administration). Ending a disabled user's sessions goes through USER_SESSIONS, implemented by auth/. */
@Module({
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {
  static readonly entities: readonly EntityClass[] = [User, UserClinic];
}
