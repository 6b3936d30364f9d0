import type { Request } from 'express';
import type { Actor } from './actor';

/**
 * What the global AccessGuard needs from sign-in: owned here, below every feature, and implemented
 * by auth/ (AuthService), so that common/ does not import auth/.
 */
export interface Authenticator {
  /** The actor of a bearer token, or null when it is unknown, expired or signed out. */
  authenticate(token: string, ip: string | null, request?: Request): Promise<Actor | null>;
  /** The actor of a one-time event-stream ticket, or null. */
  authenticateTicket(ticket: string, ip: string | null, request?: Request): Promise<Actor | null>;
  /** Audits a request refused for the actor's role. */
  recordDenied(actor: Actor, request: Request): Promise<void>;
}

export const AUTHENTICATOR = Symbol('Authenticator');
