import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ListResponse, UserDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow } from '../common/auth/allow.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { optionalIfMatch, requireIfMatch, setEtag } from '../common/http/etag';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { PaginationQuery } from '../common/validation/pagination.dto';
import { UuidPipe } from '../common/validation/uuid.pipe';
import { CreateUserDto, RevokeSessionsDto, UpdateUserDto, UserStatusDto } from './dto/user.dto';
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

  /** Name, role and clinics (If-Match: the user's version; 412 when stale). */
  @Patch(':id')
  @Allow('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateUserDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto> {
    const user = await this.users.update(actor, id, requireIfMatch(ifMatch), dto);
    setEtag(res, user.version);
    return user;
  }

  /** Sign-in refused and every session of the user ended at once, on every instance. */
  @Post(':id/disable')
  @HttpCode(200)
  @Allow('admin')
  async disable(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UserStatusDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto> {
    const user = await this.users.disable(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, user.version);
    return user;
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Allow('admin')
  async enable(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UserStatusDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto> {
    const user = await this.users.enable(actor, id, dto, optionalIfMatch(ifMatch));
    setEtag(res, user.version);
    return user;
  }

  /** Every session of the user ends now (the account stays enabled). */
  @Post(':id/sessions/revoke')
  @HttpCode(204)
  @Allow('admin')
  async revokeSessions(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidPipe()) id: string,
    @Body() dto: RevokeSessionsDto,
  ): Promise<void> {
    await this.users.revokeSessions(actor, id, dto);
  }
}
