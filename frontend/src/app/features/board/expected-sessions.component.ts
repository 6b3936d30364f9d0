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
import { HttpErrorResponse } from '@angular/common/http';
import { RouterLink } from '@angular/router';
import type { BoardExpectedDto } from '@clinic/shared';

import { SessionsApi } from '../../api/sessions.api';
import { errorMessages } from '../../api/http';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatTime } from '../../ui/format';
import { DRUG_CHOICE_LABELS, PRE_DOSE_CHECK_LABELS, ROUTE_CHOICE_LABELS } from '../../ui/labels';
import { ObservationFormComponent } from './observation-form.component';

/** What a start attempt answered, for the open row. */
interface StartProblem {
  messages: string[];
  /** The pre-dose checks refused it (422): a psychiatrist may override with a reason. */
  checksFailed: boolean;
}

/**
 * v2 "Expected today" on the nurse board (CLINICAL.md s3 "Ordered, then started"): today's ordered
 * sessions with their pre-dose checklist. "Start dose" opens the row: the pre-dose vitals first
 * (the observation form; the board reloads with the checklist), then the start. Failed checks are
 * shown with their reasons; a psychiatrist may start anyway with a reason.
 */
@Component({
  selector: 'app-expected-sessions',
  imports: [RouterLink, ObservationFormComponent],
  templateUrl: './expected-sessions.component.html',
  styleUrl: './expected-sessions.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExpectedSessionsComponent {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly destroyRef = inject(DestroyRef);

  readonly expected = input.required<readonly BoardExpectedDto[]>();
  /** The page clock (ms), for the observation form's "now". */
  readonly now = input.required<number>();
  /** A session was started or a reading recorded: the board should be fetched again. */
  readonly changed = output();

  protected readonly checkLabels = PRE_DOSE_CHECK_LABELS;
  protected readonly drugLabels = DRUG_CHOICE_LABELS;
  protected readonly routeLabels = ROUTE_CHOICE_LABELS;
  protected readonly isPsychiatrist = computed(() => this.auth.role() === 'psychiatrist');

  /** The row opened with "Start dose" (one at a time). */
  protected readonly open = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<StartProblem | null>(null);
  protected readonly overrideReason = signal('');
  protected readonly announcement = signal('');

  protected readonly openItem = computed(
    () => this.expected().find((e) => e.sessionId === this.open()) ?? null,
  );

  protected timeZone(item: BoardExpectedDto): string | undefined {
    return this.clinicContext.timeZoneOf(item.clinicId);
  }

  protected planned(item: BoardExpectedDto): string {
    return formatTime(item.plannedAt, this.timeZone(item));
  }

  protected toggle(item: BoardExpectedDto): void {
    this.problem.set(null);
    this.overrideReason.set('');
    this.open.set(this.open() === item.sessionId ? null : item.sessionId);
  }

  protected recorded(): void {
    this.problem.set(null);
    this.changed.emit();
  }

  /** Starts the dose now; with `override`, the psychiatrist's reason goes with it. */
  protected start(item: BoardExpectedDto, override = false): void {
    if (this.busy()) return;
    const reason = this.overrideReason().trim();
    if (override && reason.length < 5) {
      this.problem.set({
        messages: [
          'Give the reason for starting despite the failed checks (at least 5 characters).',
        ],
        checksFailed: true,
      });
      return;
    }
    this.busy.set(true);
    this.api
      .start(
        item.sessionId,
        { startedAt: new Date().toISOString(), ...(override ? { overrideReason: reason } : {}) },
        item.version,
      )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.open.set(null);
          this.announcement.set(`Dose started for ${item.patientName}.`);
          this.changed.emit();
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const status = error instanceof HttpErrorResponse ? error.status : 0;
          if (status === 409 || status === 412) {
            this.problem.set({
              messages: [
                'Someone else started or cancelled this session meanwhile. The board is being refreshed.',
              ],
              checksFailed: false,
            });
            this.changed.emit();
            return;
          }
          this.problem.set({
            messages: errorMessages(error, 'The dose could not be started. Try again.'),
            checksFailed: status === 422,
          });
        },
      });
  }
}
