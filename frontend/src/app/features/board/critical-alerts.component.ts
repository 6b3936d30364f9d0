import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';

import { type AlertSound, BoardAlertSound } from './board-alert-sound';

/** One new critical flag on the board, until the nurse dismisses it. */
export interface BoardAlert {
  /** Flag id plus the time of the evidence that raised it: a reopened flag alerts again. */
  key: string;
  patientName: string;
  /** Null for a patient at home (the attention list). */
  sessionId: string | null;
  title: string;
  /** The flag's message, with the values that triggered it ("BP 188/112 at 13 min: ..."). */
  message: string;
  reopened: boolean;
}

/**
 * The visible alert banner of the nurse's board (issue 20): every new critical flag, with the
 * patient, what triggered it and the values, until dismissed; an optional sound, off by default,
 * that plays only after the nurse turned it on (a user gesture unlocks audio; no autoplay).
 */
@Component({
  selector: 'app-critical-alerts',
  template: `
    <div class="alerts" data-testid="critical-alerts">
      @if (alerts().length > 0) {
        <ul class="alerts__list" aria-label="New critical flags">
          @for (alert of alerts(); track alert.key) {
            <li class="alert" data-testid="critical-alert" [attr.data-key]="alert.key">
              <span class="alert__icon" aria-hidden="true">‼</span>
              <div class="alert__text">
                <p class="alert__title">
                  {{ alert.reopened ? 'Critical flag reopened' : 'New critical flag' }}:
                  <strong>{{ alert.patientName }}</strong> — {{ alert.title }}
                </p>
                <p class="alert__message">{{ alert.message }}</p>
              </div>
              <button
                type="button"
                class="button button--secondary button--small alert__dismiss"
                (click)="dismissed.emit(alert.key)"
                data-testid="critical-alert-dismiss"
              >
                Dismiss<span class="visually-hidden"> alert for {{ alert.patientName }}</span>
              </button>
            </li>
          }
        </ul>
      }
      <label class="alerts__sound">
        <input
          #soundToggle
          type="checkbox"
          [checked]="soundOn()"
          (change)="toggleSound(soundToggle.checked)"
          data-testid="alert-sound-toggle"
        />
        Sound for new critical flags
      </label>
    </div>
  `,
  styles: `
    .alerts {
      display: flex;
      flex-direction: column;
      gap: var(--space-2);
    }
    .alerts__list {
      display: flex;
      flex-direction: column;
      gap: var(--space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .alert {
      display: flex;
      align-items: flex-start;
      gap: var(--space-3);
      padding: var(--space-3);
      border: 3px solid var(--color-danger);
      border-radius: var(--radius);
      background: var(--color-danger-tint);
      color: var(--color-text);
    }
    .alert__icon {
      color: var(--color-danger);
      font-size: 1.5rem;
      font-weight: 800;
      line-height: 1;
    }
    .alert__text {
      flex: 1 1 auto;
    }
    .alert__title {
      margin: 0;
      color: var(--color-danger);
      font-size: 1.125rem;
      font-weight: 700;
    }
    .alert__message {
      margin: var(--space-1) 0 0;
    }
    .alert__dismiss {
      flex: 0 0 auto;
    }
    .alerts__sound {
      display: inline-flex;
      align-items: center;
      gap: var(--space-2);
      align-self: flex-end;
      min-height: 44px;
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
    .alerts__sound input {
      width: 1.25rem;
      height: 1.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CriticalAlertsComponent {
  readonly alerts = input.required<readonly BoardAlert[]>();
  readonly dismissed = output<string>();

  private readonly sound: AlertSound = inject(BoardAlertSound);
  protected readonly soundOn = signal(this.sound.enabled());
  private heard = new Set<string>();

  constructor() {
    this.sound.armOnNextGesture();
    // A sound for each alert not heard yet (only when the nurse turned the sound on).
    effect(() => {
      const fresh = this.alerts().filter((alert) => !this.heard.has(alert.key));
      this.heard = new Set(this.alerts().map((alert) => alert.key));
      if (fresh.length > 0 && untracked(this.soundOn)) {
        this.sound.play();
      }
    });
  }

  protected toggleSound(on: boolean): void {
    // Called from the click: the browser lets audio start from this gesture.
    this.sound.setEnabled(on);
    this.soundOn.set(this.sound.enabled());
  }
}
