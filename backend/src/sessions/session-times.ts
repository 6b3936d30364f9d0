import { BadRequestException } from '@nestjs/common';
import { MINUTE_MS } from '@clinic/shared';
import { notInFuture } from '../common/http/time-checks';

/** How far ahead a psychiatrist may order a dose. */
export const MAX_ORDER_AHEAD_MS = 24 * 3_600_000;

/** How far back a session may be planned (an order for this morning entered late). */
export const MAX_PLANNED_BEHIND_MS = 24 * 3_600_000;

/** A dose start more than this long before its recording makes the entry retrospective (API.md v2). */
export const RETROSPECTIVE_AFTER_MS = 10 * MINUTE_MS;

export function isRetrospective(startedAt: Date, recordedAt: Date): boolean {
  return recordedAt.getTime() - startedAt.getTime() > RETROSPECTIVE_AFTER_MS;
}

/**
 * The times of a new session: with `startedAt` it is given (v1, `plannedAt` kept when sent too);
 * with `plannedAt` only it is ordered, and `startedAt` holds the planned time until its start.
 */
export function orderTimes(
  dto: { startedAt?: string; plannedAt?: string },
  now: Date,
): { startedAt: Date; plannedAt: Date | null; ordered: boolean } {
  if (dto.startedAt === undefined && dto.plannedAt === undefined) {
    throw new BadRequestException([
      'startedAt or plannedAt is required (startedAt: the dose was given; plannedAt: an order)',
    ]);
  }
  const plannedAt = dto.plannedAt === undefined ? null : new Date(dto.plannedAt);
  if (plannedAt !== null) {
    if (plannedAt.getTime() > now.getTime() + MAX_ORDER_AHEAD_MS)
      throw new BadRequestException(['plannedAt must not be more than 24 hours ahead']);
    if (plannedAt.getTime() < now.getTime() - MAX_PLANNED_BEHIND_MS)
      throw new BadRequestException(['plannedAt must not be more than 24 hours ago']);
  }
  if (dto.startedAt === undefined) {
    return { startedAt: plannedAt as Date, plannedAt, ordered: true };
  }
  const startedAt = new Date(dto.startedAt);
  if (startedAt.getTime() > now.getTime() + MAX_ORDER_AHEAD_MS) {
    throw new BadRequestException(['startedAt must not be more than 24 hours ahead']);
  }
  return { startedAt, plannedAt, ordered: false };
}

/** The start time of an ordered session: given now or in the past, never in the future. */
export function startTime(value: string): Date {
  const startedAt = new Date(value);
  notInFuture('startedAt', startedAt);
  return startedAt;
}
