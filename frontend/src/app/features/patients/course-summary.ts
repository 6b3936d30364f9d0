import type {
  Drug,
  FlagDto,
  FlagSeverity,
  PatientResponseDto,
  Phq9Dto,
  Phq9Severity,
  RecallPeriod,
  ResponseStatus,
  Route,
  SessionSummaryDto,
} from '@clinic/shared';
import { sessionGiven } from '@clinic/shared';

import { isActiveFlag } from './patient-record';
import { inEffect } from '../../ui/entered-in-error';

export interface CourseSummary {
  sessionCount: number;
  firstSessionAt: string | null;
  latestSessionAt: string | null;
  /** The session being monitored now, if any (at most one, decisions.md). */
  inProgress: SessionSummaryDto | null;
  dose: {
    drug: Drug;
    route: Route;
    latestMg: number;
    latestMgPerKg: number | null;
    minMg: number;
    maxMg: number;
    /** Every session had the same dose in mg. */
    constant: boolean;
  } | null;
  baseline: { total: number; severity: Phq9Severity; administeredAt: string } | null;
  latestPhq9: {
    total: number;
    severity: Phq9Severity;
    administeredAt: string;
    recall: RecallPeriod;
  } | null;
  bestChangePct: number | null;
  /** Null when the response could not be loaded. */
  status: ResponseStatus | null;
  activeFlags: Record<FlagSeverity, number> & { total: number };
}

function byStart(a: SessionSummaryDto, b: SessionSummaryDto): number {
  return Date.parse(a.startedAt) - Date.parse(b.startedAt);
}

/**
 * The course at a glance: sessions and doses, the course baseline, the latest valid PHQ-9, the
 * best change and the response status (CLINICAL.md s5, as computed by the server), and the flags
 * still needing a person. Any input may be null when its part of the record did not load.
 */
export function courseSummary(
  sessions: readonly SessionSummaryDto[] | null,
  response: PatientResponseDto | null,
  phq9: readonly Phq9Dto[] | null,
  flags: readonly FlagDto[] | null,
): CourseSummary {
  // Sessions and PHQ-9s entered in error are not part of the course, nor orders not given (v2).
  const ordered = inEffect(sessions ?? [])
    .filter((s) => sessionGiven(s.status))
    .sort(byStart);
  const first = ordered.at(0) ?? null;
  const latest = ordered.at(-1) ?? null;
  const doses = ordered.map((s) => s.doseMg);

  const baselineAssessment =
    response?.baseline && phq9
      ? (phq9.find((a) => a.id === response.baseline?.assessmentId) ?? null)
      : null;
  const validByTime = inEffect(phq9 ?? [])
    .filter((a): a is Phq9Dto & { total: number; severity: Phq9Severity } =>
      Boolean(a.valid && a.total !== null && a.severity !== null),
    )
    .sort((a, b) => Date.parse(a.administeredAt) - Date.parse(b.administeredAt));
  const latestPhq9 = validByTime.at(-1) ?? null;

  const activeFlags = { critical: 0, warning: 0, info: 0, total: 0 };
  for (const flag of (flags ?? []).filter(isActiveFlag)) {
    activeFlags[flag.severity] += 1;
    activeFlags.total += 1;
  }

  return {
    sessionCount: ordered.length,
    firstSessionAt: first?.startedAt ?? null,
    latestSessionAt: latest?.startedAt ?? null,
    inProgress: [...ordered].reverse().find((s) => s.status === 'in_progress') ?? null,
    dose: latest
      ? {
          drug: latest.drug,
          route: latest.route,
          latestMg: latest.doseMg,
          latestMgPerKg: latest.doseMgPerKg,
          minMg: Math.min(...doses),
          maxMg: Math.max(...doses),
          constant: doses.every((dose) => dose === doses[0]),
        }
      : null,
    baseline:
      response?.baseline && baselineAssessment?.severity
        ? {
            total: response.baseline.total,
            severity: baselineAssessment.severity,
            administeredAt: response.baseline.administeredAt,
          }
        : null,
    latestPhq9: latestPhq9
      ? {
          total: latestPhq9.total,
          severity: latestPhq9.severity,
          administeredAt: latestPhq9.administeredAt,
          recall: latestPhq9.recall,
        }
      : null,
    bestChangePct: response?.bestChangePct ?? null,
    status: response?.status ?? null,
    activeFlags,
  };
}
