import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FlagDto, FlagSeverity } from '@clinic/shared';

import { formatDateTime } from '../../ui/format';
import { FlagHistoryComponent } from '../../ui/flags/flag-history.component';
import { statusWithActor } from '../../ui/flags/flag-format';
import { FLAG_SEVERITY_LABELS, FLAG_STATUS_LABELS } from '../../ui/labels';
import { needsScreener, screenerLink, screenerQuery } from '../../ui/screener-link';

export interface FlagView {
  flag: FlagDto;
  /** The rule's title (shared RULES), else its id. */
  title: string;
  /** For the proxy rules (misuse.*, tolerance.*): not a published checklist, said visibly. */
  hint: string | null;
  session: number | null;
}

const SEVERITY_BADGES: Record<FlagSeverity, string> = {
  critical: 'badge badge--danger',
  warning: 'badge badge--warning',
  info: 'badge badge--info',
};

/** One flag: severity, the rule, its message with the numbers, the proxy-rule note, status. */
@Component({
  selector: 'app-flag-card',
  imports: [RouterLink, FlagHistoryComponent],
  template: `
    @let flag = view().flag;
    <div class="flag" [class]="'flag flag--' + flag.severity" data-testid="flag">
      <div class="flag__head">
        <span [class]="badge()">{{ severityLabel() }}</span>
        <h3 class="flag__title">{{ view().title }}</h3>
        <span class="flag__status" data-testid="flag-status">{{ statusLabel() }}</span>
      </div>
      <p class="flag__message">{{ flag.message }}</p>
      <app-flag-history [flag]="flag" [timeZone]="timeZone()" />
      @if (view().hint; as hint) {
        <p class="flag__hint" data-testid="flag-rule-note">
          <span class="flag__hint-mark" aria-hidden="true">i</span>{{ hint }}
        </p>
      }
      <p class="flag__meta">
        Raised {{ raisedAt() }}
        @if (view().session !== null) {
          · session {{ view().session }}
        }
        @if (flag.note) {
          · note: {{ flag.note }}
        }
      </p>
      @if (showScreener()) {
        <a
          class="button button--primary flag__screen"
          [routerLink]="screenerLink()"
          [queryParams]="screenerQuery()"
          data-testid="flag-screen-cssrs"
          >Screen with C-SSRS</a
        >
      }
    </div>
  `,
  styles: `
    .flag {
      padding: var(--space-3) var(--space-4);
      background: var(--color-surface);
      border: 1px solid var(--color-border);
      border-left: 6px solid var(--color-info);
      border-radius: var(--radius);
    }
    .flag--critical {
      border-left-color: var(--color-danger);
    }
    .flag--warning {
      border-left-color: var(--color-warning);
    }
    .flag__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--space-2) var(--space-3);
    }
    .flag__title {
      flex: 1;
      margin: 0;
      font-size: 1.0625rem;
    }
    .flag__status {
      color: var(--color-text-muted);
      font-weight: 600;
    }
    .flag__message {
      margin: var(--space-2) 0 0;
    }
    .flag__hint {
      display: flex;
      gap: var(--space-2);
      margin: var(--space-2) 0 0;
      padding: var(--space-2) var(--space-3);
      background: var(--color-neutral-tint);
      border-radius: var(--radius);
      color: var(--color-text);
      font-size: 0.9375rem;
    }
    .flag__hint-mark {
      flex: none;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 1.25rem;
      height: 1.25rem;
      border-radius: 50%;
      background: var(--color-text-muted);
      color: #ffffff;
      font-weight: 700;
      font-style: italic;
      font-size: 0.8125rem;
    }
    .flag__meta {
      margin: var(--space-2) 0 0;
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
    .flag__screen {
      margin-top: var(--space-3);
      text-decoration: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagCardComponent {
  readonly view = input.required<FlagView>();
  readonly timeZone = input<string | undefined>(undefined);
  /** The user may record a C-SSRS screener (psychiatrists, nurses). */
  readonly canScreen = input(false);

  /** An open item-9 flag leads straight to the screener (CLINICAL.md s10). */
  protected readonly showScreener = computed(
    () => this.canScreen() && needsScreener(this.view().flag),
  );
  protected readonly screenerLink = computed(() => screenerLink(this.view().flag.patientId));
  protected readonly screenerQuery = computed(() => screenerQuery(this.view().flag));

  protected badge(): string {
    return SEVERITY_BADGES[this.view().flag.severity];
  }

  protected severityLabel(): string {
    return FLAG_SEVERITY_LABELS[this.view().flag.severity];
  }

  /** "Acknowledged by Sam Nurse": who acted, by name (issue 20). */
  protected statusLabel(): string {
    return statusWithActor(this.view().flag, FLAG_STATUS_LABELS);
  }

  protected raisedAt(): string {
    return formatDateTime(this.view().flag.createdAt, this.timeZone());
  }
}
