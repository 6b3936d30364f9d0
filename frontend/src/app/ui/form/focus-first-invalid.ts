import { type Injector, afterNextRender } from '@angular/core';

/**
 * A control in error: `appFieldControl`, any element marked `data-error-target="true"`, or
 * `aria-invalid="true"` (a fieldset: its first control takes the focus).
 */
const INVALID = '[data-error-target="true"], [aria-invalid="true"]';
const CONTROL = 'input, select, textarea, button';
/** The messages naming no field (`<app-form-errors>`). */
const FORM_ERRORS = '[data-form-errors="true"]';

/**
 * After the next render (the messages are in the page by then), focus the first control in error
 * in document order, else the form's own messages; nothing when neither is shown. One helper for
 * every form, so a failed save always lands the keyboard on what needs fixing.
 */
export function focusFirstInvalid(root: () => HTMLElement | null, injector: Injector): void {
  afterNextRender(() => focusFirstInvalidNow(root()), { injector });
}

/** The same, now: returns whether something took the focus. */
export function focusFirstInvalidNow(root: HTMLElement | null): boolean {
  const invalid = root?.querySelector<HTMLElement>(INVALID);
  const control =
    invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>(CONTROL) : invalid;
  const target = control ?? root?.querySelector<HTMLElement>(FORM_ERRORS);
  target?.focus();
  return target !== null && target !== undefined;
}
