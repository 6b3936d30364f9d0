import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { CssrsDto, FlagDto, SafetyPlanDto } from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { CssrsApi } from '../../api/cssrs.api';
import { SafetyPlanApi } from '../../api/safety-plan.api';
import { formatDateTime } from '../../ui/format';
import { RISK_WORDING } from '../../ui/labels';
import {
  flaggedPhq9,
  needsScreener,
  safetyPlanLink,
  screenerLink,
  screenerQuery,
} from '../../ui/screener-link';

type Part<T> = { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'error' };

function part<T>(source: Observable<T>): Observable<Part<T>> {
  return source.pipe(
    map((value): Part<T> => ({ status: 'loaded', value })),
    catchError(() => of<Part<T>>({ status: 'error' })),
    startWith<Part<T>>({ status: 'loading' }),
  );
}

/**
 * The patient page's suicide-risk panel (CLINICAL.md s10): the latest C-SSRS risk level (in words
 * and colour, with its date) and the current safety plan's version and last review, with the links
 * to record a screener (for an open item-9 flag, the screener answers it) and to open the plan.
 */
@Component({
  selector: 'app-suicide-risk-summary',
  imports: [RouterLink],
  template: `
    <div class="risk-summary panel" data-testid="suicide-risk-summary">
      <dl class="risk-summary__facts">
        <div>
          <dt>Latest C-SSRS screener</dt>
          <dd data-testid="suicide-risk-latest">
            @switch (screener().status) {
              @case ('loading') {
                <span class="muted">Loading…</span>
              }
              @case ('error') {
                <span class="risk-summary__error">The screeners could not be loaded.</span>
              }
              @case ('loaded') {
                @if (latest(); as latest) {
                  <span
                    [class]="'risk-badge risk-badge--' + latest.risk"
                    [attr.data-risk]="latest.risk"
                    >{{ wording[latest.risk].label }}</span
                  >
                  <span class="risk-summary__when">
                    {{ when(latest.administeredAt) }}
                    @if (latest.recordedByName; as by) {
                      · {{ by }}
                    }
                  </span>
                  @if (latest.risk !== 'none') {
                    <span class="risk-summary__action">{{ wording[latest.risk].action }}</span>
                  }
                } @else {
                  None recorded.
                }
              }
            }
          </dd>
        </div>
        <div>
          <dt>Safety plan</dt>
          <dd data-testid="suicide-risk-plan">
            @switch (plan().status) {
              @case ('loading') {
                <span class="muted">Loading…</span>
              }
              @case ('error') {
                <span class="risk-summary__error">The safety plan could not be loaded.</span>
              }
              @case ('loaded') {
                @if (current(); as current) {
                  Version {{ current.version }} · last reviewed {{ when(current.updatedAt) }}
                  @if (current.updatedByName; as by) {
                    by {{ by }}
                  }
                } @else {
                  None written.
                }
              }
            }
          </dd>
        </div>
      </dl>
      <div class="risk-summary__links">
        @if (canRecord()) {
          <a
            class="button"
            [class.button--primary]="awaitingScreener()"
            [class.button--secondary]="!awaitingScreener()"
            [routerLink]="screenerLink()"
            [queryParams]="screenerQuery()"
            data-testid="suicide-risk-record"
            >{{
              awaitingScreener() ? 'Screen with C-SSRS (item-9 flag)' : 'Record C-SSRS screener'
            }}</a
          >
        }
        <a
          class="button button--secondary"
          [routerLink]="planLink()"
          data-testid="suicide-risk-open-plan"
          >{{ canRecord() ? 'Open safety plan' : 'View safety plan' }}</a
        >
      </div>
    </div>
  `,
  styles: `
    .risk-summary {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: var(--space-3) var(--space-5);
      padding: var(--space-3) var(--space-4);
    }
    .risk-summary__facts {
      display: grid;
      gap: var(--space-3);
      flex: 1 1 26rem;
      margin: 0;
    }
    .risk-summary__facts dt {
      color: var(--color-text-muted);
      font-weight: 600;
    }
    .risk-summary__facts dd {
      margin: var(--space-1) 0 0;
    }
    .risk-summary__when {
      margin-left: var(--space-2);
    }
    .risk-summary__action {
      display: block;
      margin-top: var(--space-1);
      font-size: 0.9375rem;
    }
    .risk-summary__error {
      color: var(--color-danger);
      font-weight: 600;
    }
    .risk-summary__links {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-3);
    }
    .risk-summary__links .button {
      text-decoration: none;
    }
    .risk-badge {
      display: inline-block;
      padding: 0 var(--space-2);
      border: 2px solid currentColor;
      border-radius: var(--radius);
      font-weight: 700;
    }
    .risk-badge--high {
      background: var(--color-danger);
      border-color: var(--color-danger);
      color: #ffffff;
    }
    .risk-badge--moderate {
      background: #fff4e0;
      color: #5c2d00;
    }
    .risk-badge--low {
      background: var(--color-primary-tint);
      color: var(--color-primary-strong);
    }
    .risk-badge--none {
      color: var(--color-text-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SuicideRiskSummaryComponent {
  readonly patientId = input.required<string>();
  /** The patient's flags (for an open item-9 flag the screener link answers it). */
  readonly flags = input<readonly FlagDto[]>([]);
  /** Psychiatrists and nurses record screeners and write the plan. */
  readonly canRecord = input(false);
  readonly timeZone = input<string | undefined>(undefined);

  private readonly cssrsApi = inject(CssrsApi);
  private readonly planApi = inject(SafetyPlanApi);

  protected readonly wording = RISK_WORDING;

  protected readonly screener = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((id) =>
        part<CssrsDto | null>(
          this.cssrsApi
            .list(id, 20, 0)
            .pipe(map((list) => list.items.find((item) => item.enteredInError === null) ?? null)),
        ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );
  protected readonly plan = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((id) => part<SafetyPlanDto | null>(this.planApi.current(id))),
    ),
    { initialValue: { status: 'loading' } },
  );
  protected readonly latest = computed(() => {
    const screener = this.screener();
    return screener.status === 'loaded' ? screener.value : null;
  });
  protected readonly current = computed(() => {
    const plan = this.plan();
    return plan.status === 'loaded' ? plan.value : null;
  });

  /** The newest open or acknowledged item-9 flag, if any. */
  protected readonly openItem9 = computed(
    () =>
      [...this.flags()]
        .filter((flag) => needsScreener(flag))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null,
  );
  /**
   * An open item-9 flag with no screener yet at or after its PHQ-9 (the screener link is then
   * the page's first action). A hint for the display only: the server decides the resolve.
   */
  protected readonly awaitingScreener = computed(() => {
    const flag = this.openItem9();
    if (flag === null) {
      return false;
    }
    const latest = this.latest();
    const since = flaggedPhq9(flag)?.administeredAt ?? flag.createdAt;
    return latest === null || Date.parse(latest.administeredAt) < Date.parse(since);
  });
  protected readonly screenerLink = computed(() => screenerLink(this.patientId()));
  protected readonly screenerQuery = computed(() => screenerQuery(this.openItem9()));
  protected readonly planLink = computed(() => safetyPlanLink(this.patientId()));

  protected when(at: string): string {
    return formatDateTime(at, this.timeZone());
  }
}
