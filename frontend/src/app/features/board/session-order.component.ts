import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { SessionDto } from '@clinic/shared';

import { SessionsApi } from '../../api/sessions.api';
import { errorMessages } from '../../api/http';
import { AuthService } from '../../core/auth/auth.service';
import { formatDateTime } from '../../ui/format';

/**
 * v2 ordered sessions on the session page: an order not started (planned time, and the Cancel
 * action for psychiatrists and nurses), a cancelled order (when and why), and for a session given,
 * a start that overrode failed pre-dose checks or a retrospective entry.
 */
@Component({
  selector: 'app-session-order',
  template: `
    @let s = session();
    @if (s.status === 'ordered') {
      <section
        class="panel block order"
        aria-labelledby="order-title"
        data-testid="session-ordered"
      >
        <h2 id="order-title" class="block__title">Ordered, not started</h2>
        <p>
          Planned for {{ at(s.plannedAt ?? s.startedAt) }}. No dose has been given: the nurse starts
          it from the live board after the pre-dose checks (BP and MOAA/S within 60 min, no open
          critical flag). Readings recorded now are pre-dose readings.
        </p>
        @if (canCancel()) {
          @if (!cancelling()) {
            <button
              type="button"
              class="button button--secondary"
              (click)="cancelling.set(true)"
              data-testid="session-cancel"
            >
              Cancel order
            </button>
          } @else {
            <div class="field order__cancel" role="group" aria-labelledby="cancel-reason-label">
              <label id="cancel-reason-label" class="field__label" for="cancel-reason">
                Why is the order cancelled?
              </label>
              <textarea
                id="cancel-reason"
                class="field__input"
                [value]="reason()"
                (input)="reason.set($any($event.target).value)"
                data-testid="session-cancel-reason"
              ></textarea>
              @if (messages().length > 0) {
                <div class="alert alert--error" role="alert">
                  @for (message of messages(); track $index) {
                    <p>{{ message }}</p>
                  }
                </div>
              }
              <div class="order__actions">
                <button
                  type="button"
                  class="button button--danger"
                  [disabled]="busy()"
                  [attr.aria-busy]="busy()"
                  (click)="cancel()"
                  data-testid="session-cancel-confirm"
                >
                  {{ busy() ? 'Cancelling…' : 'Cancel the order' }}
                </button>
                <button type="button" class="button" (click)="cancelling.set(false)">
                  Keep the order
                </button>
              </div>
            </div>
          }
        }
      </section>
    } @else if (s.status === 'cancelled') {
      <section
        class="panel block"
        aria-labelledby="cancelled-title"
        data-testid="session-cancelled"
      >
        <h2 id="cancelled-title" class="block__title">Cancelled order</h2>
        <p>
          Planned for {{ at(s.plannedAt ?? s.startedAt) }}; cancelled
          {{ s.cancelledAt ? 'at ' + at(s.cancelledAt) : '' }}. No dose was given.
        </p>
        @if (s.cancelReason) {
          <p><strong>Reason:</strong> {{ s.cancelReason }}</p>
        }
      </section>
    } @else {
      @if (s.startOverrideReason) {
        <div class="alert alert--warning" role="note" data-testid="session-start-override">
          <p>
            <strong>Started despite failed pre-dose checks</strong> (psychiatrist's override):
            {{ s.startOverriddenChecks.join('; ') }}.
          </p>
          <p><strong>Reason:</strong> {{ s.startOverrideReason }}</p>
        </div>
      }
      @if (s.retrospective) {
        <p class="muted" data-testid="session-retrospective">
          Entered retrospectively (recorded more than 10 min after the dose start).
        </p>
      }
    }
  `,
  styles: `
    .order__cancel {
      max-width: 36rem;
    }
    .order__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionOrderComponent {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  readonly session = input.required<SessionDto>();
  readonly timeZone = input<string | undefined>(undefined);
  /** The session changed (cancelled): the page reloads it. */
  readonly changed = output();

  protected readonly canCancel = computed(() => {
    const role = this.auth.role();
    return (role === 'psychiatrist' || role === 'nurse') && this.session().enteredInError === null;
  });
  protected readonly cancelling = signal(false);
  protected readonly reason = signal('');
  protected readonly busy = signal(false);
  protected readonly messages = signal<string[]>([]);

  protected at(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }

  protected cancel(): void {
    const reason = this.reason().trim();
    if (reason.length < 3) {
      this.messages.set(['Give the reason (at least 3 characters).']);
      return;
    }
    this.busy.set(true);
    const session = this.session();
    this.api
      .cancel(session.id, { reason }, session.version)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.cancelling.set(false);
          this.changed.emit();
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.messages.set(errorMessages(error, 'The order could not be cancelled. Try again.'));
          this.changed.emit();
        },
      });
  }
}
