import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * Previous / Next under a paged list, with the range shown between them ("51–100 of 120"),
 * announced politely when it changes.
 */
@Component({
  selector: 'app-pager',
  template: `
    <nav class="pager" [attr.aria-label]="label()">
      <button
        type="button"
        class="button button--secondary"
        [disabled]="!hasPrevious()"
        (click)="previous.emit()"
      >
        Previous
      </button>
      <p class="pager__range" role="status" [attr.data-testid]="rangeTestId()">{{ range() }}</p>
      <button
        type="button"
        class="button button--secondary"
        [disabled]="!hasNext()"
        (click)="next.emit()"
      >
        Next
      </button>
    </nav>
  `,
  styles: `
    .pager {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--space-4);
      margin-top: var(--space-4);
    }
    .pager__range {
      margin: 0;
      color: var(--color-text-muted);
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PagerComponent {
  /** Names the navigation landmark, e.g. "Patient list pages". */
  readonly label = input.required<string>();
  readonly range = input.required<string>();
  readonly rangeTestId = input<string | null>(null);
  readonly hasPrevious = input.required<boolean>();
  readonly hasNext = input.required<boolean>();
  readonly previous = output();
  readonly next = output();
}
