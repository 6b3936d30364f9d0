import { Global, Module } from '@nestjs/common';
import type { EntityClass } from '../database/data-source';
import { AUTHENTICATOR } from '../common/auth/authenticator';
import { USER_SESSIONS } from '../users/user-sessions';
import { AuthSession, LoginAttempt, StreamTicket } from './auth-session.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

/** Sign-in, sessions and event-stream tickets. Global only for the contracts it implements for the layers below it (AUTHENTICATOR for the access guard in common/, USER_SESSIONS for users/). */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    { provide: AUTHENTICATOR, useExisting: AuthService },
    { provide: USER_SESSIONS, useExisting: AuthService },
  ],
  exports: [AuthService, AUTHENTICATOR, USER_SESSIONS],
})
export class AuthModule {
  static readonly entities: readonly EntityClass[] = [AuthSession, LoginAttempt, StreamTicket];
}
