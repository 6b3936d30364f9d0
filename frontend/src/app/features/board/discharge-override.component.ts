import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { SessionDto } from '@clinic/shared';

import { IdempotencyKeys, isStale, serverErrors } from '../../api/http';
import { SessionsApi } from '../../api/sessions.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FieldComponent } from '../../ui/form/field.component';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';

/** Shortest override reason the server accepts (DischargeDto: MinLength 5). */
export const OVERRIDE_REASON_MIN_LENGTH = 5;

const FIELD_LABELS = { overrideReason: 'Reason', dischargedAt: 'Discharge time' } as const;

/**
 * Discharge before the discharge criteria are met (CLINICAL.md s3): psychiatrists only, with a
 * reason; the server records the override and raises a `discharge.before_ready` flag. For other
 * roles it says who can. Embed it beside the readiness of a session:
 *
 * `<app-discharge-override [sessionId]="id" [reasons]="readiness.reasons" (discharged)="reload()" />`
 */
@Component({
  selector: 'app-discharge-override',
  imports: [FieldComponent, DateTimeInputComponent],
  templateUrl: './discharge-override.component.html',
  styleUrls: ['../../ui/record-form.css', './discharge-override.component.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DischargeOverrideComponent {
  private readonly api = inject(SessionsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly keys = new IdempotencyKeys();

  readonly sessionId = input.required<string>();
  /** The session version on screen, sent as If-Match (a change by someone else meanwhile: 412). */
  readonly version = input<number | undefined>(undefined);
  /** 412: the session changed since it was shown; the parent reloads it (the reason is kept). */
  readonly stale = output();
  /** Why the patient is not ready (GET /sessions/:id/discharge-readiness `reasons`). */
  readonly reasons = input<readonly string[]>([]);
  /** The discharged session, after the server accepted the override. */
  readonly discharged = output<SessionDto>();

  private readonly auth = inject(AuthService);

  protected readonly isPsychiatrist = computed(() => this.auth.role() === 'psychiatrist');
  private readonly clinicContext = inject(ClinicContext);
  /** Times are typed in the zone of the clinic the user works in. */
  private readonly timeZone = computed(() => this.clinicContext.clinic()?.timezone);
  protected readonly timeHint = computed(() =>
    timeZoneHint(this.clinicContext.clinic()?.name ?? null, this.timeZone()),
  );
  protected readonly minLength = OVERRIDE_REASON_MIN_LENGTH;

  protected readonly reason = signal('');
  protected readonly dischargedAt = linkedSignal(() =>
    toLocalInputValue(new Date(), this.timeZone()),
  );
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  /** The server's answer to a refused discharge: 422 lists the unmet criteria, 403 the role. */
  protected readonly serverMessages = signal<string[]>([]);
  protected readonly serverStatus = signal<number | null>(null);

  protected readonly reasonError = computed(() =>
    this.submitted() && this.reason().trim().length < OVERRIDE_REASON_MIN_LENGTH
      ? `Give the reason for discharging before the criteria are met (at least ${String(OVERRIDE_REASON_MIN_LENGTH)} characters)`
      : null,
  );
  protected readonly timeError = computed(() =>
    this.submitted() && localInputToIso(this.dischargedAt(), this.timeZone()) === null
      ? 'Enter the discharge time'
      : null,
  );

  protected submit(): void {
    if (this.busy() || this.done()) {
      return;
    }
    this.submitted.set(true);
    const dischargedAt = localInputToIso(this.dischargedAt(), this.timeZone());
    if (this.reasonError() !== null || dischargedAt === null) {
      return;
    }
    this.busy.set(true);
    this.serverMessages.set([]);
    this.serverStatus.set(null);
    const request = { dischargedAt, overrideReason: this.reason().trim() };
    this.api
      .discharge(
        this.sessionId(),
        request,
        this.keys.keyFor({ id: this.sessionId(), request }),
        this.version(),
      )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (session) => {
          this.keys.settled();
          this.busy.set(false);
          this.done.set(true);
          this.discharged.emit(session);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          if (isStale(error)) {
            this.serverStatus.set(412);
            this.serverMessages.set([
              'Someone else changed this session while you were writing. It has been reloaded: check it, then submit again. Your reason is kept.',
            ]);
            this.stale.emit();
            return;
          }
          const errors = serverErrors(error, FIELD_LABELS);
          this.serverStatus.set(errors.status);
          this.serverMessages.set([...Object.values(errors.fields).flat(), ...errors.general]);
        },
      });
  }
}
