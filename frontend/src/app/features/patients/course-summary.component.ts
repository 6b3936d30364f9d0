import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DEFAULT_THRESHOLDS, type ResponseStatus } from '@clinic/shared';

import type { ResponseThresholds } from '../../charts/response-chart.data';
import { formatChangePct, formatDate, formatMg, formatMgPerKg } from '../../ui/format';
import {
  DRUG_LABELS,
  PHQ9_SEVERITY_LABELS,
  RECALL_LABELS,
  RESPONSE_STATUS_LABELS,
  ROUTE_LABELS,
} from '../../ui/labels';
import type { CourseSummary } from './course-summary';

const STATUS_BADGES: Record<ResponseStatus, string> = {
  remission: 'badge--success',
  response: 'badge--success',
  partial: 'badge--info',
  none: 'badge--neutral',
  no_baseline: 'badge--neutral',
};

const percent = (fraction: number): string => `${String(Math.round(fraction * 100))}%`;

/** What each status means with the clinic's cut-offs (CLINICAL.md s5 defaults: 5, 50%, 25%). */
export function statusHint(status: ResponseStatus, t: ResponseThresholds): string {
  switch (status) {
    case 'remission':
      return `Latest PHQ-9 below ${String(t.remissionBelow)}`;
    case 'response':
      return `Latest PHQ-9 at most ${percent(t.responseRatio)} of the baseline`;
    case 'partial':
      return `Latest PHQ-9 ${percent(t.partialReductionMin)}–${percent(1 - t.responseRatio - 0.01)} below the baseline`;
    case 'none':
      return `Latest PHQ-9 less than ${percent(t.partialReductionMin)} below the baseline`;
    case 'no_baseline':
      return `No two-week PHQ-9 in the ${String(t.baselineWindowDays)} days before session 1`;
  }
}

/** The course at a glance (CLINICAL.md s5), in tiles a clinician scans left to right. */
@Component({
  selector: 'app-course-summary',
  imports: [RouterLink],
  template: `
    @let s = summary();
    <section class="course-summary" aria-labelledby="course-summary-title">
      <h2 id="course-summary-title" class="visually-hidden">Course summary</h2>
      <dl class="tiles" data-testid="course-summary">
        <div class="tile">
          <dt>Sessions</dt>
          <dd class="tile__value">{{ s.sessionCount }}</dd>
          <dd class="tile__detail">
            @if (s.firstSessionAt && s.latestSessionAt) {
              {{ date(s.firstSessionAt) }} – {{ date(s.latestSessionAt) }}
            } @else {
              No session yet
            }
          </dd>
        </div>
        <div class="tile">
          <dt>Dose</dt>
          @if (s.dose; as dose) {
            <dd class="tile__value">
              {{ mg(dose.latestMg) }}
              @if (dose.latestMgPerKg !== null) {
                <span class="tile__unit">{{ perKg(dose.latestMgPerKg) }}</span>
              }
            </dd>
            <dd class="tile__detail">
              {{ drugRoute() }} ·
              @if (dose.constant) {
                same dose every session
              } @else {
                {{ mg(dose.minMg) }}–{{ mg(dose.maxMg) }} over the course
              }
            </dd>
          } @else {
            <dd class="tile__value">—</dd>
          }
        </div>
        <div class="tile">
          <dt>Baseline PHQ-9</dt>
          @if (s.baseline; as baseline) {
            <dd class="tile__value">
              {{ baseline.total }} <span class="tile__unit">{{ severity(baseline.severity) }}</span>
            </dd>
            <dd class="tile__detail">{{ date(baseline.administeredAt) }}, two-week recall</dd>
          } @else {
            <dd class="tile__value">None</dd>
            <dd class="tile__detail">{{ hint('no_baseline') }}</dd>
          }
        </div>
        <div class="tile">
          <dt>Latest PHQ-9</dt>
          @if (s.latestPhq9; as latest) {
            <dd class="tile__value">
              {{ latest.total }} <span class="tile__unit">{{ severity(latest.severity) }}</span>
            </dd>
            <dd class="tile__detail">
              {{ date(latest.administeredAt) }}, {{ recall(latest.recall) }}
            </dd>
          } @else {
            <dd class="tile__value">None</dd>
          }
        </div>
        <div class="tile">
          <dt>Best change</dt>
          <dd class="tile__value numeric">{{ change(s.bestChangePct) }}</dd>
          <dd class="tile__detail">Lowest PHQ-9 against the baseline</dd>
        </div>
        <div class="tile">
          <dt>Response status</dt>
          @if (s.status; as status) {
            <dd class="tile__value">
              <span class="badge" [class]="statusBadge(status)" data-testid="response-status">{{
                statusLabel(status)
              }}</span>
            </dd>
            <dd class="tile__detail">{{ hint(status) }}</dd>
          } @else {
            <dd class="tile__value">Unknown</dd>
            <dd class="tile__detail">The response could not be loaded</dd>
          }
        </div>
        <div class="tile">
          <dt>Flags needing review</dt>
          <dd class="tile__value">
            @if (s.activeFlags.total > 0) {
              <a [routerLink]="[]" fragment="patient-flags">{{ flagsLabel() }}</a>
            } @else {
              None
            }
          </dd>
          <dd class="tile__detail">Open or acknowledged</dd>
        </div>
      </dl>
    </section>
  `,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: var(--space-3);
      margin: 0;
    }
    .tile {
      padding: var(--space-3) var(--space-4);
      background: var(--color-surface);
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
    }
    .tile dt {
      color: var(--color-text-muted);
      font-size: 0.9375rem;
      font-weight: 600;
    }
    .tile dd {
      margin: 0;
    }
    .tile__value {
      font-size: 1.375rem;
      font-weight: 700;
      line-height: 1.35;
    }
    .tile__unit {
      font-size: 1rem;
      font-weight: 600;
      color: var(--color-text-muted);
    }
    .tile__detail {
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
    .tile .badge {
      font-size: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseSummaryComponent {
  readonly summary = input.required<CourseSummary>();
  /** The clinic's response cut-offs, for the words under the status. */
  readonly thresholds = input<ResponseThresholds>(DEFAULT_THRESHOLDS.response);
  readonly timeZone = input<string | undefined>(undefined);

  protected readonly drugRoute = computed(() => {
    const dose = this.summary().dose;
    return dose ? `${DRUG_LABELS[dose.drug]} ${ROUTE_LABELS[dose.route]}` : '';
  });
  protected readonly flagsLabel = computed(() => {
    const flags = this.summary().activeFlags;
    const parts: string[] = [];
    if (flags.critical > 0) parts.push(`${String(flags.critical)} critical`);
    if (flags.warning > 0) parts.push(`${String(flags.warning)} warning`);
    if (flags.info > 0) parts.push(`${String(flags.info)} info`);
    return parts.join(', ');
  });

  protected readonly mg = formatMg;
  protected readonly perKg = formatMgPerKg;
  protected readonly change = formatChangePct;

  protected date(iso: string): string {
    return formatDate(iso, this.timeZone());
  }

  protected severity(severity: keyof typeof PHQ9_SEVERITY_LABELS): string {
    return PHQ9_SEVERITY_LABELS[severity];
  }

  protected recall(recall: keyof typeof RECALL_LABELS): string {
    return RECALL_LABELS[recall];
  }

  protected statusLabel(status: ResponseStatus): string {
    return RESPONSE_STATUS_LABELS[status];
  }

  protected statusBadge(status: ResponseStatus): string {
    return `badge ${STATUS_BADGES[status]}`;
  }

  protected hint(status: ResponseStatus): string {
    return statusHint(status, this.thresholds());
  }
}
