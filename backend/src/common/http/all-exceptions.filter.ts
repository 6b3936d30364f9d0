import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ApiError } from '@clinic/shared';
import { AuditedDenial } from '../auth/scope-violation';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../database/database-errors';
import { DEFAULT_RETRY_AFTER_SECONDS, TooManyRequests } from './too-many-requests';

/**
 * A 503 whose body carries fields beside the error shape's three (the health check keeps its
 * `status` and `database`).
 */
export class ServiceUnavailableWith extends HttpException {
  constructor(
    message: string,
    readonly fields: Record<string, unknown>,
  ) {
    super(message, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  const code = driverError?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Every error leaves in the one shape of API.md; unexpected ones are logged without request data. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');
  /** Outage answers are logged once per interval with a count, not once per request. */
  private unavailable = { since: 0, count: 0 };

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (isDatabaseUnavailable(exception) || exception instanceof ServiceUnavailableWith) {
      this.logUnavailable(exception);
    } else if (body.statusCode >= 500) {
      const name = exception instanceof Error ? exception.name : typeof exception;
      const message = exception instanceof Error ? exception.message.split('\n')[0] : '';
      // The message of a database error can hold values: log its class and code only.
      const safe =
        exception instanceof QueryFailedError
          ? ((exception as { code?: string }).code ?? 'query failed')
          : message;
      this.logger.error(`${body.statusCode} ${name}: ${safe}`);
    }
    if (response.headersSent) return;
    // Unavailable for now: the client is told when to try again (the pool reconnects by itself).
    if (body.statusCode === 503 && !response.getHeader('Retry-After'))
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // Rate limited: always told when to come back (API.md v2), never left to guess and hammer.
    if (body.statusCode === 429 && !response.getHeader('Retry-After')) {
      const seconds =
        exception instanceof TooManyRequests
          ? exception.retryAfterSeconds
          : DEFAULT_RETRY_AFTER_SECONDS;
      response.setHeader('Retry-After', String(seconds));
    }
    response.status(body.statusCode).json(body);
  }

  private logUnavailable(exception: unknown): void {
    this.unavailable.count += 1;
    const now = Date.now();
    if (now - this.unavailable.since < 5_000) return;
    const e = exception as { code?: string; driverError?: { code?: string } } | null;
    const code = e?.driverError?.code ?? e?.code ?? 'connection lost';
    this.logger.error(
      `503 database unavailable (${code}); ${this.unavailable.count} request(s) answered 503 since the last report`,
    );
    this.unavailable = { since: now, count: 0 };
  }

  private toBody(exception: unknown): ApiError {
    // Outside a unit of work (e.g. a stream's clinic check) a denial still answers as it should.
    if (exception instanceof AuditedDenial) return this.toBody(exception.toHttp());
    if (exception instanceof ServiceUnavailableWith) {
      return {
        ...exception.fields,
        statusCode: 503,
        error: 'Service Unavailable',
        message: exception.message,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const error = REASONS[statusCode] ?? 'Error';
      if (typeof raw === 'string') return { statusCode, error, message: raw };
      const r = raw as { message?: unknown; error?: unknown };
      const message = Array.isArray(r.message)
        ? r.message.map(String)
        : typeof r.message === 'string'
          ? r.message
          : exception.message;
      return { statusCode, error: typeof r.error === 'string' ? r.error : error, message };
    }
    if (isUniqueViolation(exception)) {
      return {
        statusCode: 409,
        error: 'Conflict',
        message: 'A record with the same unique value already exists',
      };
    }
    // A write that lost its connection, even at COMMIT (outcome unknown), is never reported as a
    // success; retried with the same Idempotency-Key it is answered from its record if it did commit.
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'The database is unavailable; try again shortly (a write sent with an Idempotency-Key can be retried with the same key)',
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Something went wrong; the error was logged',
    };
  }
}
