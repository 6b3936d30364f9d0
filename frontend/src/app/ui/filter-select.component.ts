import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/** One choice of a filter select: the value it stands for and its label in words. */
export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A labelled filter `<select>` whose first option is "All <things>" (issue 13): the one filter
 * dropdown of the dashboard's lists and reports. It emits the chosen value, or null for "All";
 * a value the options do not list (never expected) counts as "All".
 */
@Component({
  selector: 'app-filter-select',
  template: `
    <div class="field">
      <label class="field__label" [for]="selectId()">{{ label() }}</label>
      <select
        #select
        class="field__input"
        [id]="selectId()"
        [attr.data-testid]="testId()"
        (change)="choose(select.value)"
      >
        <option value="" [selected]="value() === null">{{ allLabel() }}</option>
        @for (option of options(); track option.value) {
          <option [value]="option.value" [selected]="value() === option.value">
            {{ option.label }}
          </option>
        }
      </select>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterSelectComponent<T extends string> {
  /** The visible label, e.g. "Category". */
  readonly label = input.required<string>();
  /** The first option, e.g. "All categories": choosing it emits null. */
  readonly allLabel = input.required<string>();
  /** The id of the `<select>` (its label points at it). */
  readonly selectId = input.required<string>();
  readonly options = input.required<readonly FilterOption<T>[]>();
  /** The chosen value; null: "All". */
  readonly value = input<T | null>(null);
  readonly testId = input<string | null>(null);
  readonly valueChange = output<T | null>();

  protected choose(raw: string): void {
    const option = this.options().find((o) => o.value === raw);
    this.valueChange.emit(option ? option.value : null);
  }
}
