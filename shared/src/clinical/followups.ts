/**
 * Remote follow-up PHQ-9s after each dose (API.md "Patient self-report"; CLINICAL.md s5): one
 * request per response window, open for the whole window.
 */
import type { ClinicThresholds } from './thresholds';
import { HOUR_MS, toMs, type Timestamp } from './time';

export const FOLLOW_UP_KINDS = ['24h', '72h'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_STATUSES = ['scheduled', 'open', 'completed', 'expired'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/**
 * Shown to a patient whose item 9 is positive when the clinic has not written its own text.
 * Names emergency services and the 988 Suicide & Crisis Lifeline (US).
 */
export const DEFAULT_CRISIS_TEXT =
  'Thank you for telling us. Your care team will contact you today. If you are thinking about ' +
  'harming yourself or feel unsafe right now, call 911 or go to the nearest emergency department. ' +
  'You can call or text 988 (Suicide & Crisis Lifeline) at any time, day or night.';

export interface FollowUpSlot {
  kind: FollowUpKind;
  dueAt: string;
  opensAt: string;
  expiresAt: string;
}

/** The requests of one session: due 24 h and 72 h after the dose start, open during the windows of CLINICAL.md s5. */
export function followUpSchedule(startedAt: Timestamp, t: ClinicThresholds): FollowUpSlot[] {
  const start = toMs(startedAt);
  const iso = (hours: number) => new Date(start + hours * HOUR_MS).toISOString();
  return [
    {
      kind: '24h',
      dueAt: iso(t.response.window24h.target),
      opensAt: iso(t.response.window24h.min),
      expiresAt: iso(t.response.window24h.max),
    },
    {
      kind: '72h',
      dueAt: iso(t.response.window72h.target),
      opensAt: iso(t.response.window72h.min),
      expiresAt: iso(t.response.window72h.max),
    },
  ];
}

export function followUpStatus(
  request: { opensAt: Timestamp; expiresAt: Timestamp; completedAt: Timestamp | null },
  now: Timestamp,
): FollowUpStatus {
  if (request.completedAt !== null) return 'completed';
  const ms = toMs(now);
  if (ms < toMs(request.opensAt)) return 'scheduled';
  if (ms <= toMs(request.expiresAt)) return 'open';
  return 'expired';
}
