/** What takes the keyboard focus with Tab (enabled, not tabindex -1). */
const FOCUSABLE = 'input, select, textarea, button, a[href], [tabindex]';

/** The elements of `root` that Tab stops at, in document order. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) =>
      element.tabIndex >= 0 &&
      !element.matches(':disabled') &&
      !(element instanceof HTMLInputElement && element.type === 'hidden'),
  );
}

/**
 * Enter in a field of a long form moves to the next field, as Tab would, instead of submitting
 * it (issue 20: Enter in any PHQ-9 field saved at once, item 9 and all). Buttons keep Enter (the
 * submit button still submits), except ARIA radios, whose Enter would otherwise click the focused
 * answer. Call from the form's `(keydown.enter)`.
 */
export function enterMovesOn(event: Event, form: HTMLElement): void {
  const target = event.target;
  if (!(target instanceof HTMLElement) || target instanceof HTMLTextAreaElement) {
    return;
  }
  if (
    (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) &&
    target.getAttribute('role') !== 'radio'
  ) {
    return;
  }
  event.preventDefault();
  const stops = tabStops(form);
  stops[stops.indexOf(target) + 1]?.focus();
}
