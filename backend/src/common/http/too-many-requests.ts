import { HttpException, HttpStatus } from '@nestjs/common';

/** What a 429 without its own figure tells the client to wait (seconds). */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * A 429 that knows when the client may try again: the error filter sends it as `Retry-After`
 * (whole seconds, at least 1). Every 429 of the API carries the header (API.md v2): one thrown
 * without this class gets DEFAULT_RETRY_AFTER_SECONDS.
 */
export class TooManyRequests extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super({ statusCode: 429, error: 'Too Many Requests', message }, HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
