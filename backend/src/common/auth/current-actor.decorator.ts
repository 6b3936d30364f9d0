import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './actor';

export type AuthenticatedRequest = Request & { actor?: Actor };

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on an endpoint without @Allow');
  return request.actor;
});

export function clientAddress(request: Request): string | null {
  return request.ip ?? request.socket.remoteAddress ?? null;
}
