import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * One question as a fieldset whose legend is the question (projected content) and native radio
 * buttons for its answers: Tab reaches the group, the arrow keys choose, a screen reader reads the
 * question with each answer. Unanswered is null (never the first answer). Used by the screening
 * form and, through `app-yes-no`, by the C-SSRS screener.
 */
@Component({
  selector: 'app-choice-group',
  template: `
    <fieldset
      class="choice"
      [class.choice--invalid]="error() !== null"
      [attr.aria-describedby]="error() ? name() + '-error' : null"
      [attr.data-testid]="name()"
    >
      <legend class="choice__legend" [id]="name() + '-legend'">
        <ng-content />
      </legend>
      <div class="choice__answers">
        @for (option of options(); track option.value; let first = $first) {
          <label class="choice__answer" [class.choice__answer--checked]="value() === option.value">
            <input
              type="radio"
              [name]="name()"
              [value]="option.value"
              [checked]="value() === option.value"
              [attr.data-error-target]="error() !== null && first ? 'true' : null"
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
    .choice {
      margin: 0;
      padding: var(--space-3) var(--space-4);
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
      background: var(--color-surface);
    }
    .choice--invalid {
      border: 2px solid var(--color-danger);
    }
    .choice__legend {
      float: left;
      width: 100%;
      margin: 0 0 var(--space-3);
      padding: 0;
    }
    .choice__answers {
      clear: both;
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-3);
    }
    .choice__answer {
      display: inline-flex;
      align-items: center;
      gap: var(--space-2);
      min-width: 7rem;
      min-height: var(--touch-target);
      padding: var(--space-2) var(--space-4);
      border: 1px solid var(--color-control-border);
      border-radius: var(--radius);
      background: var(--color-surface);
      font-size: 1.0625rem;
      cursor: pointer;
    }
    .choice__answer:hover {
      background: var(--color-primary-tint);
    }
    .choice__answer--checked {
      border: 2px solid var(--color-primary-strong);
      background: var(--color-primary);
      color: #ffffff;
      font-weight: 700;
    }
    .choice__answer--checked:hover {
      background: var(--color-primary-strong);
    }
    .choice__answer input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      accent-color: #ffffff;
    }
    .choice__answer:focus-within {
      outline: 3px solid var(--color-focus);
      outline-offset: 2px;
    }
    .field__error {
      margin: var(--space-2) 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChoiceGroupComponent<T extends string> {
  /** The radio group's name, also the prefix of ids and the test id. */
  readonly name = input.required<string>();
  readonly options = input.required<readonly Choice<T>[]>();
  readonly value = model<T | null>(null);
  readonly error = input<string | null>(null);
}
