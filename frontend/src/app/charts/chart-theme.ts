import type { RecallPeriod } from '@clinic/shared';

/**
 * Colours and point shapes of the clinical charts. Lines and points that carry meaning contrast
 * at least 3:1 with white (WCAG 1.4.11) except the earlier sessions, which are faint on purpose;
 * every number is also in a table for screen readers. Meaning never rests on colour alone:
 * recall periods differ in shape, pre-dose scores are hollow.
 */
export const CHART_COLORS = {
  /** The latest session: the primary colour, 7.3:1. */
  latest: '#0b5d7a',
  /** Earlier sessions: faint slate. */
  earlier: 'rgba(74, 89, 104, 0.42)',
  earlierPoint: 'rgba(74, 89, 104, 0.6)',
  /** PHQ-9 over calendar time (course chart). */
  course: '#0b5d7a',
  baseline: '#1b2733',
  response: '#1c6b3a',
  responseBand: 'rgba(28, 107, 58, 0.08)',
  remission: '#1c6b3a',
  remissionBand: 'rgba(28, 107, 58, 0.14)',
  window: 'rgba(11, 93, 122, 0.08)',
  dose: '#8a4b00',
  doseLine: 'rgba(138, 75, 0, 0.22)',
  grid: '#e3e8ed',
  text: '#4a5968',
  hollow: '#ffffff',
} as const;

/** Shapes of the two recall periods (CLINICAL.md s1: "label them apart in charts"). */
export const RECALL_POINT_STYLES: Readonly<Record<RecallPeriod, 'circle' | 'rectRot'>> = {
  '24_hours': 'circle',
  two_weeks: 'rectRot',
};

/** A PHQ-9 the patient answered from home through the follow-up link (API.md "Patient self-report"). */
export const SELF_REPORT_POINT_STYLE = 'triangle';

/** What each shape means, in the chart keys. */
export const RECALL_KEY_LABELS: Readonly<Record<RecallPeriod, string>> = {
  '24_hours': '24-hour recall (modified PHQ-9)',
  two_weeks: 'Two-week recall (standard PHQ-9)',
};

/** The y axis: PHQ-9 total 0-27 (CLINICAL.md s1). */
export const PHQ9_AXIS_MAX = 27;
