import type { Drug, Phq9Severity, RecallPeriod, Route } from '@clinic/shared';

import { PHQ9_SEVERITY_LABELS as SEVERITY_NAMES } from '../../ui/labels';

/** Drug names as the order form offers them. */
export const DRUG_CHOICE_LABELS: Record<Drug, string> = {
  ketamine: 'Ketamine (racemic)',
  esketamine: 'Esketamine',
};

/** Routes spelled out for the order form (elsewhere the short labels of ui/labels). */
export const ROUTE_CHOICE_LABELS: Record<Route, string> = {
  iv: 'Intravenous (IV)',
  im: 'Intramuscular (IM)',
  intranasal: 'Intranasal',
  sublingual: 'Sublingual',
  oral: 'Oral',
};

/** Severity with its band, as printed beside the live total. Source: CLINICAL.md s1 (Kroenke 2001). */
export const PHQ9_SEVERITY_BANDS: Record<Phq9Severity, string> = {
  minimal: `${SEVERITY_NAMES.minimal} (0–4)`,
  mild: `${SEVERITY_NAMES.mild} (5–9)`,
  moderate: `${SEVERITY_NAMES.moderate} (10–14)`,
  moderately_severe: `${SEVERITY_NAMES.moderately_severe} (15–19)`,
  severe: `${SEVERITY_NAMES.severe} (20–27)`,
};

/** The recall periods as the PHQ-9 form offers them. */
export const RECALL_CHOICE_LABELS: Record<RecallPeriod, string> = {
  two_weeks: 'Last 2 weeks (standard)',
  '24_hours': 'Last 24 hours (after a dose)',
};
