import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EnteredInErrorMark } from '@clinic/shared';

import { markedByLine } from '../labels';

/** The mark of a record entered in error, as the histories show it: badge, reason, who and when. */
@Component({
  selector: 'app-entered-in-error-note',
  template: `
    <span class="eie" data-testid="entered-in-error">
      <span class="badge badge--neutral">Entered in error</span>
      <span class="eie__reason">{{ ' “' + mark().reason + '”' }}</span>
      <span class="eie__by">{{ ' ' + by() }}</span>
    </span>
  `,
  styles: `
    .eie {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--space-1) var(--space-2);
      text-decoration: none;
      white-space: normal;
    }
    .eie__reason {
      color: var(--color-text);
      font-style: italic;
    }
    .eie__by {
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnteredInErrorNoteComponent {
  readonly mark = input.required<EnteredInErrorMark>();
  readonly timeZone = input<string | undefined>(undefined);

  protected readonly by = computed(() => markedByLine(this.mark(), this.timeZone()));
}
