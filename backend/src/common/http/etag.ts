import {
  BadRequestException,
  HttpException,
  HttpStatus,
  PreconditionFailedException,
} from '@nestjs/common';
import type { Response } from 'express';

export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}

/** Parses If-Match ("3", W/"3" or 3). A PATCH without it is 428; a malformed one 400. */
export function requireIfMatch(header: string | undefined): number {
  const version = optionalIfMatch(header);
  if (version === undefined) {
    throw new HttpException(
      {
        statusCode: 428,
        error: 'Precondition Required',
        message: 'If-Match header with the record version is required',
      },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  return version;
}

/**
 * If-Match on a POST action (acknowledge, resolve, discharge, entered in error): optional, to keep
 * the v1 contract for clients that do not send it; when sent it must be the current version
 * (stale: 412 via `versionMismatch`), and a malformed one is 400.
 */
export function optionalIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw new BadRequestException(['If-Match must be the record version, e.g. "3"']);
  return Number(m[1]);
}

/** 412 when an If-Match was sent and the record is at another version. */
export function checkIfMatch(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw versionMismatch(current);
}

export function versionMismatch(current: number): PreconditionFailedException {
  return new PreconditionFailedException(
    `The record has changed (version ${current}); reload it and try again`,
  );
}
