import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { AmendableResource, EnteredInErrorDto } from '@clinic/shared';

import { AmendmentsApi } from '../../api/amendments.api';
import { isStale, serverErrors } from '../../api/http';
import { AMENDABLE_LABELS, AMENDMENT_CONSEQUENCES, REASON_MIN_LENGTH } from '../labels';

/**
 * The inline form to mark one record entered in error: it says which record and what will change,
 * asks for the reason (required), and confirms. The reason field takes the focus when it opens;
 * Escape or "Cancel" closes it (the parent puts the focus back on the button that opened it).
 * Sessions send their version as If-Match: a 412 says someone else changed the session, asks the
 * parent to reload, and keeps the reason typed.
 */
@Component({
  selector: 'app-mark-in-error',
  template: `
    <form
      class="amend"
      [attr.aria-labelledby]="baseId() + '-title'"
      [attr.aria-describedby]="baseId() + '-what'"
      novalidate
      (submit)="$event.preventDefault(); submit()"
      (keydown)="onKeydown($event)"
      data-testid="mark-in-error-form"
    >
      <p class="amend__title" [id]="baseId() + '-title'">
        Mark entered in error: <span class="amend__record">{{ description() }}</span>
      </p>
      <p class="amend__what" [id]="baseId() + '-what'">{{ consequence() }}</p>
      @if (staleNotice()) {
        <div class="amend__errors" role="alert" data-testid="mark-in-error-stale">
          <p>
            Someone else changed this {{ label().toLowerCase() }} while you were writing. It has
            been reloaded: check it, then submit again. Your reason is kept.
          </p>
        </div>
      }
      @if (serverMessages().length > 0) {
        <div class="amend__errors" role="alert" data-testid="mark-in-error-errors">
          <p>Not marked:</p>
          <ul>
            @for (message of serverMessages(); track $index) {
              <li>{{ message }}</li>
            }
          </ul>
        </div>
      }
      <label class="field__label" [for]="baseId() + '-reason'">
        Why is it wrong? <span class="amend__need">(required)</span>
      </label>
      <textarea
        #reasonInput
        class="field__input"
        maxlength="500"
        [id]="baseId() + '-reason'"
        [value]="reason()"
        [attr.aria-invalid]="reasonError() !== null"
        aria-required="true"
        [attr.aria-describedby]="reasonError() ? baseId() + '-error' : baseId() + '-hint'"
        (input)="reason.set(reasonInput.value)"
        data-testid="mark-in-error-reason"
      ></textarea>
      @if (reasonError(); as error) {
        <p class="field__error" [id]="baseId() + '-error'">{{ error }}</p>
      } @else {
        <p class="amend__hint" [id]="baseId() + '-hint'">
          For example "recorded for the wrong patient". Escape cancels.
        </p>
      }
      <div class="amend__buttons">
        <button
          type="submit"
          class="button button--primary"
          [disabled]="busy()"
          data-testid="mark-in-error-confirm"
        >
          @if (busy()) {
            Saving…
          } @else {
            Mark {{ label() }} entered in error
          }
        </button>
        <button
          type="button"
          class="button button--secondary"
          [disabled]="busy()"
          (click)="cancel()"
        >
          Cancel
        </button>
      </div>
    </form>
  `,
  styles: `
    /* In a wide table that scrolls sideways on a tablet, the form stays in view at the left. */
    :host {
      display: block;
      position: sticky;
      left: 0;
      max-width: min(44rem, calc(100vw - 4rem));
    }
    .amend {
      display: flex;
      flex-direction: column;
      gap: var(--space-2);
      margin: var(--space-2) 0;
      padding: var(--space-3) var(--space-4);
      border: 1px solid var(--color-danger);
      border-left-width: 6px;
      border-radius: var(--radius);
      background: var(--color-surface);
      white-space: normal;
      text-align: left;
    }
    .amend__title {
      margin: 0;
      font-weight: 700;
    }
    .amend__record {
      font-weight: 400;
    }
    .amend__what,
    .amend__hint {
      margin: 0;
      color: var(--color-text-muted);
    }
    .amend__need {
      font-weight: 400;
      color: var(--color-text-muted);
    }
    textarea.field__input {
      min-height: 4.5rem;
      resize: vertical;
    }
    .amend__buttons {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-3);
    }
    .amend__errors {
      padding: var(--space-2) var(--space-3);
      border-left: 6px solid var(--color-danger);
      background: var(--color-danger-tint);
      color: var(--color-danger);
      font-weight: 600;
    }
    .amend__errors p,
    .amend__errors ul {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MarkInErrorComponent {
  private readonly api = inject(AmendmentsApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly resource = input.required<AmendableResource>();
  readonly recordId = input.required<string>();
  /** Which record, in words (e.g. "PHQ-9 of 3 Oct 2026, 09:00, total 14"). */
  readonly description = input.required<string>();
  /** The record's version, for versioned records (sessions): sent as If-Match. */
  readonly version = input<number | undefined>(undefined);
  readonly done = output<EnteredInErrorDto>();
  readonly cancelled = output();
  readonly stale = output();

  protected readonly reason = signal('');
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly staleNotice = signal(false);
  protected readonly serverMessages = signal<string[]>([]);

  protected readonly label = computed(() => AMENDABLE_LABELS[this.resource()]);
  protected readonly consequence = computed(() => AMENDMENT_CONSEQUENCES[this.resource()]);
  protected readonly baseId = computed(() => `eie-${this.resource()}-${this.recordId()}`);
  protected readonly reasonError = computed(() =>
    this.submitted() && this.reason().trim().length < REASON_MIN_LENGTH
      ? `Give the reason the record is wrong (at least ${String(REASON_MIN_LENGTH)} characters)`
      : null,
  );

  private readonly reasonInput = viewChild.required<ElementRef<HTMLTextAreaElement>>('reasonInput');

  constructor() {
    afterNextRender(() => {
      this.reasonInput().nativeElement.focus();
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
    }
  }

  protected cancel(): void {
    if (!this.busy()) {
      this.cancelled.emit();
    }
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    this.submitted.set(true);
    if (this.reasonError() !== null) {
      this.reasonInput().nativeElement.focus();
      return;
    }
    this.busy.set(true);
    this.serverMessages.set([]);
    this.staleNotice.set(false);
    this.api
      .markEnteredInError(this.resource(), this.recordId(), this.reason().trim(), this.version())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.busy.set(false);
          this.done.emit(result);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          if (isStale(error)) {
            this.staleNotice.set(true);
            this.stale.emit();
            this.reasonInput().nativeElement.focus();
            return;
          }
          const errors = serverErrors(error, { reason: 'Reason' });
          this.serverMessages.set([...Object.values(errors.fields).flat(), ...errors.general]);
        },
      });
  }
}
