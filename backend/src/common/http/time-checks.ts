import { BadRequestException } from '@nestjs/common';

/** Clock skew tolerated between a tablet and the server before a time counts as "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function notInFuture(field: string, at: Date, now = new Date()): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new BadRequestException([`${field} must not be in the future`]);
  }
}
