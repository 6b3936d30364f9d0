import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { LoginResponse, UserDto } from '@clinic/shared';
import type { Actor } from '../common/auth/actor';
import { Allow, Public } from '../common/auth/allow.decorator';
import { clientAddress, CurrentActor } from '../common/auth/current-actor.decorator';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for the account or the address',
  })
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, clientAddress(request));
  }

  @Post('logout')
  @HttpCode(204)
  @Allow('psychiatrist', 'nurse', 'manager', 'admin')
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @Get('me')
  @Allow('psychiatrist', 'nurse', 'manager', 'admin')
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.me(actor);
  }
}
