/**
 * The element matching `selector`, checked to be of `type`; throws (failing the test) when there
 * is none or it is of another kind.
 */
export function query<T extends Element>(
  root: ParentNode,
  selector: string,
  type: abstract new () => T,
): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) {
    throw new Error(`No ${type.name} matches "${selector}"`);
  }
  return element;
}

/** The text of the element matching `selector`, whitespace collapsed; null when there is none. */
export function textOf(root: ParentNode, selector: string): string | null {
  const element = root.querySelector(selector);
  return element ? normalize(element.textContent) : null;
}

/** The button whose label is `label`; throws when there is none. */
export function buttonLabelled(root: ParentNode, label: string): HTMLButtonElement {
  const button = Array.from(root.querySelectorAll('button')).find(
    (candidate) => normalize(candidate.textContent) === label,
  );
  if (!button) {
    throw new Error(`No button "${label}"`);
  }
  return button;
}

export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Types into a text field the way a user does (sets the value, fires `input`). */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}
