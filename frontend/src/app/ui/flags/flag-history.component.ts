import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { FlagDto } from '@clinic/shared';

import { evidenceWithdrawnLine, historyLines, newEvidenceLine } from './flag-format';

/**
 * What happened to a flag since it was raised (CLINICAL.md s4 v2, a signal never goes silent):
 * "Reopened: new evidence after the acknowledgement" or "New since acknowledged", "Evidence entered
 * in error by ... — a psychiatrist must review and resolve" (issue 19), and its history of steps
 * (raised, acknowledged, reopened, evidence entered in error, resolved) with who, when and the note.
 */
@Component({
  selector: 'app-flag-history',
  template: `
    @if (news(); as line) {
      <p class="news" [class]="'news news--' + line.kind" data-testid="flag-new-evidence">
        <strong>{{ line.label }}:</strong> {{ line.detail }}
      </p>
    }
    @if (withdrawn(); as line) {
      <p class="news news--withdrawn" data-testid="flag-evidence-withdrawn">{{ line }}</p>
    }
    @if (steps().length > 1) {
      <details class="history" data-testid="flag-history">
        <summary>History ({{ steps().length }} steps)</summary>
        <ol>
          @for (step of steps(); track $index) {
            <li [class]="'history__step history__step--' + step.status">{{ step.text }}</li>
          }
        </ol>
      </details>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .news {
      margin: var(--space-2) 0 0;
      padding: var(--space-2) var(--space-3);
      border-radius: var(--radius);
      border: 2px solid var(--color-warning);
      background: var(--color-neutral-tint);
      color: var(--color-text);
    }
    .news--reopened {
      border-color: var(--color-danger);
    }
    .news--withdrawn {
      border-style: dashed;
      font-weight: 600;
    }
    .history {
      margin: var(--space-2) 0 0;
    }
    .history summary {
      cursor: pointer;
      min-height: 2.75rem;
      display: flex;
      align-items: center;
      font-weight: 600;
    }
    .history ol {
      margin: 0;
      padding-left: var(--space-5, 1.5rem);
    }
    .history__step--reopened,
    .history__step--evidence_withdrawn {
      font-weight: 600;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagHistoryComponent {
  readonly flag = input.required<FlagDto>();
  readonly timeZone = input<string | undefined>(undefined);

  protected readonly news = computed(() => newEvidenceLine(this.flag(), this.timeZone()));
  protected readonly withdrawn = computed(() => evidenceWithdrawnLine(this.flag()));
  protected readonly steps = computed(() => historyLines(this.flag(), this.timeZone()));
}
