import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { CssrsDto, FlagDto } from '@clinic/shared';
import { catchError, map, of, switchMap } from 'rxjs';

import { CssrsApi } from '../../api/cssrs.api';
import { FlagsApi } from '../../api/flags.api';
import { apiMessages, isStale, serverErrors } from '../../api/http';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { flagTitle, RISK_WORDING } from '../../ui/labels';
import { ITEM9_RULE, flaggedPhq9, screenerLink, screenerQuery } from '../../ui/screener-link';
import { formatDateTime } from '../../ui/format';

export type FlagActionKind = 'acknowledge' | 'resolve';

/** Shortest resolution note the server accepts (ResolveFlagDto: "note is required", min 3). */
export const RESOLVE_NOTE_MIN_LENGTH = 3;

/** The server's 422 for an item-9 flag resolved without a screener names the C-SSRS. */
function isMissingScreener(error: unknown): boolean {
  return (
    error instanceof HttpErrorResponse &&
    error.status === 422 &&
    /C-SSRS|screener/i.test(apiMessages(error).join(' '))
  );
}

/**
 * The inline form to acknowledge (note optional) or resolve (note required) one flag. The note
 * field takes the focus when it opens; Escape or "Cancel" closes it (the inbox puts the focus
 * back on the button that opened it). The server's refusals (403 role, 422 state) are shown here.
 * The version shown is sent as If-Match: when someone else changed the flag meanwhile (412) the
 * form says so, asks the page to reload the flag, and keeps the note for a second submit.
 * A PHQ-9 item-9 flag needs a C-SSRS screener at or after its PHQ-9 (CLINICAL.md s10): the form
 * says so and links to the screener; when the server refuses for want of one (422), a
 * psychiatrist may give the reason none was done (`noScreenerReason`); nurses cannot.
 */
@Component({
  selector: 'app-flag-action',
  templateUrl: './flag-action.component.html',
  imports: [RouterLink],
  styleUrl: './flag-action.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagActionComponent {
  private readonly api = inject(FlagsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly auth = inject(AuthService);
  private readonly cssrsApi = inject(CssrsApi);
  private readonly clinicContext = inject(ClinicContext);

  readonly flag = input.required<FlagDto>();
  readonly kind = input.required<FlagActionKind>();
  readonly done = output<FlagDto>();
  readonly cancelled = output();
  /** 412: someone else changed the flag since it was shown; the parent reloads it. */
  readonly stale = output();

  protected readonly note = signal('');
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly serverMessages = signal<string[]>([]);
  /** Shown after a 412 until the next submit: the note stays as typed. */
  protected readonly staleNotice = signal(false);

  /** The 422 "no C-SSRS screener at or after this PHQ-9" came back: say so, offer the way out. */
  protected readonly missingScreener = signal(false);
  protected readonly noScreenerReason = signal('');

  protected readonly title = computed(() => flagTitle(this.flag()));
  /** Resolving an item-9 flag: the screener requirement applies. */
  protected readonly item9Resolve = computed(
    () => this.kind() === 'resolve' && this.flag().rule === ITEM9_RULE,
  );
  protected readonly isPsychiatrist = computed(() => this.auth.role() === 'psychiatrist');
  /** The "No screener: reason" field: psychiatrists only, once the server asked for a screener. */
  protected readonly showNoScreenerReason = computed(
    () => this.item9Resolve() && this.isPsychiatrist() && this.missingScreener(),
  );
  /**
   * For an item-9 resolve: the patient's newest screener given at or after the flag's PHQ-9
   * (null: none; undefined: not known yet or not readable). A hint only: the server decides.
   */
  protected readonly screenerSince = toSignal(
    toObservable(
      computed(() => {
        if (!this.item9Resolve()) {
          return null;
        }
        const flag = this.flag();
        return {
          patientId: flag.patientId,
          since: flaggedPhq9(flag)?.administeredAt ?? flag.createdAt,
        };
      }),
    ).pipe(
      switchMap((query) =>
        query === null
          ? of(undefined)
          : this.cssrsApi.list(query.patientId, 20, 0).pipe(
              map(
                (list): CssrsDto | null =>
                  list.items.find(
                    (item) =>
                      item.enteredInError === null &&
                      Date.parse(item.administeredAt) >= Date.parse(query.since),
                  ) ?? null,
              ),
              catchError(() => of(undefined)),
            ),
      ),
    ),
    { initialValue: undefined },
  );
  protected readonly riskWording = RISK_WORDING;
  protected readonly screenerLink = computed(() => screenerLink(this.flag().patientId));
  protected readonly screenerQuery = computed(() => screenerQuery(this.flag()));
  protected readonly baseId = computed(() => `flag-${this.flag().id}-${this.kind()}`);
  protected readonly noteError = computed(() =>
    this.kind() === 'resolve' &&
    this.submitted() &&
    this.note().trim().length < RESOLVE_NOTE_MIN_LENGTH
      ? `Write what was done about it: a note is required to resolve a flag (at least ${String(RESOLVE_NOTE_MIN_LENGTH)} characters)`
      : null,
  );

  private readonly noteInput = viewChild.required<ElementRef<HTMLTextAreaElement>>('noteInput');
  private readonly reasonInput = viewChild<ElementRef<HTMLTextAreaElement>>('reasonInput');

  constructor() {
    afterNextRender(() => {
      this.noteInput().nativeElement.focus();
    });
  }

  protected when(at: string): string {
    return formatDateTime(at, this.clinicContext.timeZoneOf(this.flag().clinicId));
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
    if (this.noteError() !== null) {
      this.noteInput().nativeElement.focus();
      return;
    }
    const note = this.note().trim();
    const reason = this.showNoScreenerReason() ? this.noScreenerReason().trim() : '';
    const { id, version } = this.flag();
    const request =
      this.kind() === 'resolve'
        ? this.api.resolve(id, note, version, reason === '' ? undefined : reason)
        : this.api.acknowledge(id, note === '' ? undefined : note, version);
    this.busy.set(true);
    this.serverMessages.set([]);
    this.staleNotice.set(false);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (flag) => {
        this.busy.set(false);
        this.done.emit(flag);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        if (isStale(error)) {
          this.staleNotice.set(true);
          this.stale.emit();
          this.noteInput().nativeElement.focus();
          return;
        }
        if (this.item9Resolve() && isMissingScreener(error)) {
          this.serverMessages.set([]);
          this.missingScreener.set(true);
          if (this.isPsychiatrist()) {
            afterNextRender(() => this.reasonInput()?.nativeElement.focus(), {
              injector: this.injector,
            });
          }
          return;
        }
        const errors = serverErrors(error, {
          note: 'Note',
          noScreenerReason: 'No screener: reason',
        });
        this.serverMessages.set([...Object.values(errors.fields).flat(), ...errors.general]);
      },
    });
  }
}
