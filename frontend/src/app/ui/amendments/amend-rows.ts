import { ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';

/** The id of the button that opens the "Mark entered in error" form of a record. */
export function amendButtonId(recordId: string): string {
  return `eie-button-${recordId}`;
}

/**
 * Which row of a history table has its "Mark entered in error" form open (one at a time), and the
 * focus going back to the row's button when the form closes. Create it in a field initializer of
 * the table component (it injects the host element).
 */
export class AmendRows {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly openId = signal<string | null>(null);

  isOpen(recordId: string): boolean {
    return this.openId() === recordId;
  }

  open(recordId: string): void {
    this.openId.set(recordId);
  }

  /** Escape or Cancel: close, and give the focus back to the button that opened the form. */
  close(recordId: string): void {
    this.openId.set(null);
    afterNextRender(
      () => {
        this.host.nativeElement
          .querySelector<HTMLElement>(`[id="${amendButtonId(recordId)}"]`)
          ?.focus();
      },
      { injector: this.injector },
    );
  }
}
