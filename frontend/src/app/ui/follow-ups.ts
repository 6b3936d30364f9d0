import type { FollowUpSummaryDto } from '@clinic/shared';

type Kind = FollowUpSummaryDto['kind'];
type Status = FollowUpSummaryDto['status'];

/** The 24-h and 72-h follow-up questionnaires (API.md "Patient self-report"). */
export const FOLLOW_UP_KIND_LABELS: Readonly<Record<Kind, string>> = {
  '24h': '24-hour',
  '72h': '72-hour',
};

export const FOLLOW_UP_STATUS_LABELS: Readonly<Record<Status, string>> = {
  scheduled: 'Scheduled',
  open: 'Open',
  completed: 'Completed',
  expired: 'Expired',
};

export const FOLLOW_UP_STATUS_BADGES: Readonly<Record<Status, string>> = {
  scheduled: 'badge--neutral',
  open: 'badge--info',
  completed: 'badge--success',
  expired: 'badge--warning',
};

const SHORT_KIND: Readonly<Record<Kind, string>> = { '24h': '24 h', '72h': '72 h' };

/** One line for a session's follow-ups, e.g. "24 h completed · 72 h open"; null when there are none. */
export function followUpLine(
  followUps: readonly Pick<FollowUpSummaryDto, 'kind' | 'status'>[],
): string | null {
  if (followUps.length === 0) {
    return null;
  }
  return [...followUps]
    .sort((a, b) => a.kind.localeCompare(b.kind))
    .map((f) => `${SHORT_KIND[f.kind]} ${FOLLOW_UP_STATUS_LABELS[f.status].toLowerCase()}`)
    .join(' · ');
}

/** How many of a session's follow-up questionnaires the patient (or staff) completed. */
export function followUpsDone(followUps: readonly Pick<FollowUpSummaryDto, 'status'>[]): number {
  return followUps.filter((f) => f.status === 'completed').length;
}
