import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@clinic/shared';

export const ACCESS_KEY = 'access';
export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[]; ticket?: boolean };

/**
 * The one access decorator every endpoint carries. The global guard refuses any endpoint without it
 * (deny by default).
 */
export const Allow = (...roles: [Role, ...Role[]]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No, bad, expired or revoked token' }),
    ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}` }),
  );

/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/**
 * Like @Allow, and also accepts `?ticket=` from POST /board/tickets instead of the Authorization
 * header (for EventSource, which cannot send headers).
 */
export const AllowWithTicket = (...roles: [Role, ...Role[]]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles, ticket: true } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid token or ticket' }),
    ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}` }),
  );
