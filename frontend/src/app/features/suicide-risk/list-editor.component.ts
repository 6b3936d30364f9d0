import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  model,
  viewChild,
  viewChildren,
} from '@angular/core';

/**
 * A list of short entries as rows of text fields (one entry each) in a fieldset: "Add" appends a
 * row and focuses it, Enter in a row adds the next one, each row has its own "Remove" button.
 * Blank rows are dropped when the plan is saved (safety-plan-form.ts).
 */
@Component({
  selector: 'app-list-editor',
  template: `
    <fieldset class="list" [attr.data-testid]="name()">
      <legend class="list__legend"><ng-content /></legend>
      @if (hint(); as text) {
        <p class="list__hint" [id]="name() + '-hint'">{{ text }}</p>
      }
      <ol class="list__rows">
        @for (item of items(); track $index; let index = $index) {
          <li class="list__row">
            <label class="visually-hidden" [for]="name() + '-' + index"
              >{{ itemLabel() }} {{ index + 1 }}</label
            >
            <input
              #row
              class="field__input list__input"
              type="text"
              maxlength="500"
              [id]="name() + '-' + index"
              [value]="item"
              [attr.aria-describedby]="hint() ? name() + '-hint' : null"
              (input)="set(index, row.value)"
              (keydown.enter)="$event.preventDefault(); add(index + 1)"
            />
            <button
              type="button"
              class="button button--secondary list__remove"
              [attr.aria-label]="'Remove ' + itemLabel().toLowerCase() + ' ' + (index + 1)"
              (click)="remove(index)"
            >
              Remove
            </button>
          </li>
        }
      </ol>
      <button
        #addButton
        type="button"
        class="button button--secondary list__add"
        (click)="add(items().length)"
      >
        Add {{ itemLabel().toLowerCase() }}
      </button>
    </fieldset>
  `,
  styles: `
    :host {
      display: block;
    }
    .list {
      margin: 0;
      padding: 0;
      border: 0;
    }
    .list__legend {
      padding: 0;
      margin-bottom: var(--space-2);
    }
    .list__hint {
      margin: 0 0 var(--space-2);
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
    .list__rows {
      display: grid;
      gap: var(--space-2);
      margin: 0 0 var(--space-2);
      padding: 0;
      list-style: none;
    }
    .list__row {
      display: flex;
      gap: var(--space-2);
      align-items: center;
    }
    .list__input {
      flex: 1 1 auto;
      min-width: 0;
    }
    .list__remove,
    .list__add {
      flex: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListEditorComponent {
  /** Prefix of the ids and the test id. */
  readonly name = input.required<string>();
  /** One entry's name, e.g. "Warning sign" (labels "Warning sign 2", "Add warning sign"). */
  readonly itemLabel = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly items = model.required<string[]>();

  private readonly injector = inject(Injector);
  private readonly rows = viewChildren<ElementRef<HTMLInputElement>>('row');
  private readonly addButton = viewChild.required<ElementRef<HTMLButtonElement>>('addButton');

  protected set(index: number, value: string): void {
    this.items.update((items) => items.map((item, i) => (i === index ? value : item)));
  }

  protected add(at: number): void {
    this.items.update((items) => [...items.slice(0, at), '', ...items.slice(at)]);
    this.focusRow(at);
  }

  protected remove(index: number): void {
    this.items.update((items) => items.filter((_, i) => i !== index));
    // The focus goes to the row that took its place, else the one before, else "Add".
    this.focusRow(Math.min(index, this.items().length - 1));
  }

  private focusRow(index: number): void {
    afterNextRender(
      () => {
        const row = index >= 0 ? this.rows()[index] : undefined;
        (row ?? this.addButton()).nativeElement.focus();
      },
      { injector: this.injector },
    );
  }
}
