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
  if (header === undefined || header.trim() === '') {
    throw new HttpException(
      {
        statusCode: 428,
        error: 'Precondition Required',
        message: 'If-Match header with the record version is required',
      },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw new BadRequestException(['If-Match must be the record version, e.g. "3"']);
  return Number(m[1]);
}

export function versionMismatch(current: number): PreconditionFailedException {
  return new PreconditionFailedException(
    `The record has changed (version ${current}); reload it and try again`,
  );
}
