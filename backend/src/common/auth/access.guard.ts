import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from './actor';
import { ACCESS_KEY, type AccessRule } from './allow.decorator';
import { AUTHENTICATOR, type Authenticator } from './authenticator';
import { type AuthenticatedRequest, clientAddress } from './current-actor.decorator';

/** Global guard: authenticates the bearer token, then checks the endpoint's @Allow roles. Deny by default. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The dashboard's page view id (`X-View-Id`), a UUID generated for each page shown, so that the
 * reads it makes are audited together. Anything else is ignored (the reads are still audited, one
 * row each): the header only groups, it never grants or hides anything.
 */
export function pageViewId(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && UUID.test(value.trim()) ? value.trim().toLowerCase() : null;
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule) {
      this.logger.error(
        `endpoint without an access rule refused: ${request.method} ${request.path}`,
      );
      throw new ForbiddenException('This endpoint is not available');
    }
    if (rule.kind === 'public') return true;

    const header = request.headers.authorization;
    const match =
      typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header.trim()) : null;
    const ticket = rule.ticket ? request.query['ticket'] : undefined;
    let actor: Actor | null;
    // The request is passed so that a once-valid token refused here is audited with its target.
    if (match?.[1]) {
      actor = await this.auth.authenticate(match[1], clientAddress(request), request);
    } else if (typeof ticket === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(ticket)) {
      actor = await this.auth.authenticateTicket(ticket, clientAddress(request), request);
    } else {
      throw new UnauthorizedException('A valid bearer token is required');
    }
    if (!actor)
      throw new UnauthorizedException('The session has expired or was signed out; sign in again');
    request.actor = { ...actor, viewId: pageViewId(request.headers['x-view-id']) };

    if (!rule.roles.includes(actor.role)) {
      await this.auth.recordDenied(actor, request);
      throw new ForbiddenException(`Your role (${actor.role}) may not do this`);
    }
    return true;
  }
}
