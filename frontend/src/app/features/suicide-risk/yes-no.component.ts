import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

/**
 * One yes/no question as a fieldset whose legend is the question (projected content) and two
 * native radio buttons: Tab reaches the group, the arrow keys choose, and a screen reader reads
 * the question with each answer. Unanswered is null (never "no").
 */
@Component({
  selector: 'app-yes-no',
  template: `
    <fieldset
      class="yes-no"
      [class.yes-no--invalid]="error() !== null"
      [attr.aria-describedby]="error() ? name() + '-error' : null"
      [attr.data-testid]="name()"
    >
      <legend class="yes-no__legend" [id]="name() + '-legend'">
        <ng-content />
      </legend>
      <div class="yes-no__answers">
        @for (option of options; track option.label) {
          <label class="yes-no__answer" [class.yes-no__answer--checked]="value() === option.value">
            <input
              type="radio"
              [name]="name()"
              [value]="option.label"
              [checked]="value() === option.value"
              [attr.data-error-target]="error() !== null && option.value"
              (change)="value.set(option.value)"
            />
            <span>{{ option.label }}</span>
          </label>
        }
      </div>
      @if (error(); as message) {
        <p class="field__error" [id]="name() + '-error'">{{ message }}</p>
      }
    </fieldset>
  `,
  styles: `
    :host {
      display: block;
    }
    .yes-no {
      margin: 0;
      padding: var(--space-3) var(--space-4);
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
      background: var(--color-surface);
    }
    .yes-no--invalid {
      border: 2px solid var(--color-danger);
    }
    .yes-no__legend {
      float: left;
      width: 100%;
      margin: 0 0 var(--space-3);
      padding: 0;
    }
    .yes-no__answers {
      clear: both;
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-3);
    }
    .yes-no__answer {
      display: inline-flex;
      align-items: center;
      gap: var(--space-2);
      min-width: 8rem;
      min-height: var(--touch-target);
      padding: var(--space-2) var(--space-4);
      border: 1px solid var(--color-control-border);
      border-radius: var(--radius);
      background: var(--color-surface);
      font-size: 1.0625rem;
      cursor: pointer;
    }
    .yes-no__answer:hover {
      background: var(--color-primary-tint);
    }
    .yes-no__answer--checked {
      border: 2px solid var(--color-primary-strong);
      background: var(--color-primary);
      color: #ffffff;
      font-weight: 700;
    }
    .yes-no__answer--checked:hover {
      background: var(--color-primary-strong);
    }
    .yes-no__answer input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      accent-color: #ffffff;
    }
    .yes-no__answer:focus-within {
      outline: 3px solid var(--color-focus);
      outline-offset: 2px;
    }
    .field__error {
      margin: var(--space-2) 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class YesNoComponent {
  /** The radio group's name, also the prefix of ids and the test id. */
  readonly name = input.required<string>();
  readonly value = model<boolean | null>(null);
  readonly error = input<string | null>(null);

  protected readonly options = [
    { label: 'Yes', value: true },
    { label: 'No', value: false },
  ] as const;
}
