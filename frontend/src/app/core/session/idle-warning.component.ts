import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  effect,
  inject,
  viewChild,
} from '@angular/core';

import { IdleTimeoutService } from './idle-timeout.service';

/**
 * The warning before the idle sign-out. It takes the keyboard focus when it appears (the user is
 * away, so nothing is interrupted), so Enter or Space answers it; any input also keeps the
 * session. The countdown is not a live region: screen readers announce the dialog once, not
 * every second.
 */
@Component({
  selector: 'app-idle-warning',
  template: `
    @if (secondsLeft(); as seconds) {
      <div
        class="idle-warning"
        role="alertdialog"
        aria-modal="false"
        aria-labelledby="idle-warning-title"
        aria-describedby="idle-warning-text"
        data-testid="idle-warning"
      >
        <p id="idle-warning-title" class="idle-warning__title">Are you still there?</p>
        <p id="idle-warning-text" class="idle-warning__text">
          You will be signed out in <span class="idle-warning__seconds">{{ seconds }}</span> s
        </p>
        <button #stayButton type="button" class="button button--primary" (click)="stay()">
          Stay signed in
        </button>
      </div>
    }
  `,
  styles: `
    .idle-warning {
      position: fixed;
      z-index: 100;
      top: var(--space-4);
      left: 50%;
      transform: translateX(-50%);
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--space-2) var(--space-4);
      width: min(40rem, calc(100vw - 2 * var(--space-4)));
      padding: var(--space-4) var(--space-5);
      background: var(--color-warning-tint);
      color: var(--color-text);
      border: 2px solid var(--color-warning);
      border-radius: var(--radius);
      box-shadow: 0 8px 24px rgb(16 24 40 / 25%);
    }
    .idle-warning__title {
      flex-basis: 100%;
      margin: 0;
      font-weight: 700;
    }
    .idle-warning__text {
      flex: 1;
      margin: 0;
    }
    .idle-warning__seconds {
      font-variant-numeric: tabular-nums;
      font-weight: 700;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IdleWarningComponent {
  private readonly idle = inject(IdleTimeoutService);
  private readonly stayButton = viewChild<ElementRef<HTMLButtonElement>>('stayButton');
  private previousFocus: HTMLElement | null = null;

  protected readonly secondsLeft = this.idle.warningSecondsLeft;

  constructor() {
    effect(() => {
      const button = this.stayButton()?.nativeElement;
      if (button) {
        const active = button.ownerDocument.activeElement;
        this.previousFocus = active instanceof HTMLElement && active !== button ? active : null;
        button.focus();
      } else if (this.previousFocus) {
        // The warning went away (answered, or any input): give the focus back if it was lost
        // with the button, so a keyboard user continues where they were.
        const document = this.previousFocus.ownerDocument;
        if (document.activeElement === null || document.activeElement === document.body) {
          this.previousFocus.focus();
        }
        this.previousFocus = null;
      }
    });
  }

  protected stay(): void {
    this.idle.staySignedIn();
  }
}
