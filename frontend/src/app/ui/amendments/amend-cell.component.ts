import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { EnteredInErrorMark } from '@clinic/shared';

import { type AmendRows, amendButtonId } from './amend-rows';
import { EnteredInErrorNoteComponent } from './entered-in-error-note.component';

/**
 * The last cell of a history row: the record's entered-in-error mark, or (for a role that may) the
 * button that opens the row's "Mark entered in error" form, which the table shows under the row.
 */
@Component({
  selector: 'app-amend-cell',
  imports: [EnteredInErrorNoteComponent],
  template: `
    @if (mark(); as marked) {
      <app-entered-in-error-note [mark]="marked" [timeZone]="timeZone()" />
    } @else if (canAmend()) {
      <button
        type="button"
        class="button button--secondary button--small"
        [id]="buttonId(recordId())"
        [attr.aria-expanded]="rows().isOpen(recordId())"
        [attr.aria-label]="'Mark ' + what() + ' entered in error'"
        (click)="rows().open(recordId())"
        data-testid="mark-in-error-button"
      >
        Mark entered in error
      </button>
    }
  `,
  // No box of its own: the note or the button sits in the cell or list item as before.
  styles: `
    :host {
      display: contents;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AmendCellComponent {
  readonly mark = input.required<EnteredInErrorMark | null>();
  readonly recordId = input.required<string>();
  /** The record as the button names it to screen readers: "session 3", "the PHQ-9 of …". */
  readonly what = input.required<string>();
  /** The table's open-form state (one row at a time). */
  readonly rows = input.required<AmendRows>();
  readonly canAmend = input(false);
  readonly timeZone = input<string | undefined>(undefined);

  protected readonly buttonId = amendButtonId;
}
