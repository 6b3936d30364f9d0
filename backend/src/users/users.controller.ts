import { Body, Controller, Get, HttpCode, Post, Query, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ApiTags } from '@nestjs/swagger';
import type { ListResponse, UserDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { CreateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('administration')
@UseInterceptors(IdempotencyInterceptor)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Allow('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Get()
  @Allow('admin')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PaginationQuery,
  ): Promise<ListResponse<UserDto>> {
    return this.users.list(actor, query);
  }
}
