import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  input,
  model,
  viewChildren,
} from '@angular/core';

/**
 * One questionnaire item's answers as a radio group (WAI-ARIA radio group pattern): one tab stop
 * per group (the chosen answer, else the first), arrow keys move and choose within the group,
 * Home / End the first and last, and the digit keys choose an answer by its score (0-3), the way
 * a clinician copies a paper form. Delete or Backspace clears the answer (a missing item is null,
 * never 0).
 */
@Component({
  selector: 'app-answer-group',
  templateUrl: './answer-group.component.html',
  styleUrl: './answer-group.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AnswerGroupComponent {
  /** Answer labels in score order (0, 1, 2, 3). */
  readonly options = input.required<readonly string[]>();
  /** Id of the element holding the question. */
  readonly labelledBy = input.required<string>();
  /** Prefix of the answer ids and test ids, e.g. `phq9-item-9`. */
  readonly name = input.required<string>();
  readonly value = model<number | null>(null);

  private readonly radios = viewChildren<ElementRef<HTMLButtonElement>>('radio');

  /** The answer that takes the group's single tab stop. */
  protected readonly tabStop = computed(() => this.value() ?? 0);

  protected choose(index: number): void {
    this.value.set(index);
  }

  protected onKeydown(event: KeyboardEvent): void {
    const count = this.options().length;
    const current = this.value() ?? this.focusedIndex() ?? -1;
    let next: number | null = null;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = current < 0 ? 0 : (current + 1) % count;
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = current < 0 ? count - 1 : (current - 1 + count) % count;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        this.value.set(null);
        return;
      default:
        if (/^[0-9]$/.test(event.key) && Number(event.key) < count) {
          next = Number(event.key);
        }
    }
    if (next === null) {
      return;
    }
    event.preventDefault();
    this.value.set(next);
    this.radios()[next]?.nativeElement.focus();
  }

  private focusedIndex(): number | null {
    const index = this.radios().findIndex(
      (radio) => radio.nativeElement === radio.nativeElement.ownerDocument.activeElement,
    );
    return index < 0 ? null : index;
  }
}
