import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  ViewEncapsulation,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';

/** A field's message(s): one string, several (joined), or none. */
export type FieldError = string | readonly string[] | null | undefined;

/** The text of a field's message(s), null when there is none. */
export function errorText(error: FieldError): string | null {
  if (error === null || error === undefined) {
    return null;
  }
  const text = typeof error === 'string' ? error : error.join(' ');
  return text === '' ? null : text;
}

/**
 * One labelled form field (issue 13): the label, an optional hint, the control (projected, marked
 * `appFieldControl`) and the message under it, client check or the server's 400 naming the field
 * (api/http.ts `serverErrors`). The control gets its id, `aria-invalid`, `aria-describedby` (hint
 * and message) and `data-error-target` from here, so `focusFirstInvalid` finds it.
 *
 * ```html
 * <app-field label="MRN" controlId="patient-mrn" [error]="errorFor('mrn')" hint="Unique">
 *   <input appFieldControl class="field__input" formControlName="mrn" />
 * </app-field>
 * ```
 * Extra label content (a unit, a tag) goes in an element marked `appFieldLabel`; a hint with
 * markup in one marked `appFieldHint` (shown after the control).
 */
@Component({
  selector: 'app-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The field's classes are the global ones (styles.css), so pages style it as before.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'field' },
  template: `
    <label class="field__label" [for]="controlId()"
      >{{ label() }}
      @if (optional()) {
        <span class="field__required">optional</span>
      }
      {{ ' ' }}<ng-content select="[appFieldLabel]"
    /></label>
    @if (hint() && hintFirst()) {
      <p class="field__hint" [id]="hintId()">{{ hint() }}</p>
    }
    <ng-content />
    @if (hint() && !hintFirst()) {
      <p class="field__hint" [id]="hintId()">{{ hint() }}</p>
    }
    <ng-content select="[appFieldHint]" />
    @if (message(); as text) {
      <p class="field__error" [id]="errorId()" [attr.data-testid]="errorTestId()">{{ text }}</p>
    }
  `,
})
export class FieldComponent {
  readonly label = input.required<string>();
  /** The control's id (the label's `for`); the hint and message ids derive from it. */
  readonly controlId = input.required<string>();
  readonly hint = input<string | null>(null);
  /** The hint between the label and the control (else under the control). */
  readonly hintFirst = input(false);
  readonly optional = input(false);
  readonly error = input<FieldError>(null);
  readonly errorTestId = input<string | null>(null);

  /**
   * A message the control reports itself (text it cannot read, e.g. the date box): shown before
   * the page's own message for the field.
   */
  readonly controlError = signal<string | null>(null);
  readonly message = computed(() => this.controlError() ?? errorText(this.error()));
  readonly hintId = computed(() => `${this.controlId()}-hint`);
  readonly errorId = computed(() => `${this.controlId()}-error`);
  /** Set by an `appFieldHint` element. */
  readonly projectedHint = signal(false);
  readonly describedBy = computed(() => {
    const ids = [
      this.hint() || this.projectedHint() ? this.hintId() : null,
      this.message() === null ? null : this.errorId(),
    ].filter((id): id is string => id !== null);
    return ids.length === 0 ? null : ids.join(' ');
  });
}

/** The control of an `<app-field>`: id, aria-invalid, aria-describedby, data-error-target. */
@Directive({
  selector: '[appFieldControl]',
  host: {
    '[id]': 'field.controlId()',
    '[attr.aria-invalid]': "field.message() === null ? null : 'true'",
    '[attr.aria-describedby]': 'field.describedBy()',
    '[attr.data-error-target]': "field.message() === null ? null : 'true'",
  },
})
export class FieldControlDirective {
  protected readonly field = inject(FieldComponent);
}

/** A hint with markup inside an `<app-field>`: takes the hint id the control points to. */
@Directive({
  selector: '[appFieldHint]',
  host: { class: 'field__hint', '[id]': 'field.hintId()' },
})
export class FieldHintDirective {
  protected readonly field = inject(FieldComponent);

  constructor() {
    this.field.projectedHint.set(true);
  }
}

/** Extra label content (a unit, a tag): projected inside the label. */
@Directive({ selector: '[appFieldLabel]' })
export class FieldLabelDirective {}

/** Everything a form template needs for labelled fields. */
export const FIELD = [
  FieldComponent,
  FieldControlDirective,
  FieldHintDirective,
  FieldLabelDirective,
] as const;
