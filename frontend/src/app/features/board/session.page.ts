import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { HttpErrorResponse } from '@angular/common/http';
import { ActivatedRoute, RouterLink } from '@angular/router';
import {
  DISCHARGE_ADVICE,
  type DischargeReadinessDto,
  type FlagDto,
  type ObservationDto,
  type PatientDto,
  type SessionDto,
  minutesSinceDose,
  toMs,
} from '@clinic/shared';
import {
  EMPTY,
  type Observable,
  Subject,
  catchError,
  concat,
  distinctUntilChanged,
  exhaustMap,
  filter,
  forkJoin,
  interval,
  map,
  merge,
  of,
  scan,
  switchMap,
} from 'rxjs';

import { BoardApi } from '../../api/board.api';
import { errorMessages, IdempotencyKeys, isStale } from '../../api/http';
import { SessionsApi } from '../../api/sessions.api';
import { PatientsApi } from '../../api/patients.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatTime } from '../../ui/format';
import {
  medicationLabel,
  seriousText,
  SIDE_EFFECT_LABELS,
  SIDE_EFFECT_SEVERITY_LABELS,
  SESSION_STATUS_LABELS,
} from '../../ui/labels';
import { AmendRows } from '../../ui/amendments/amend-rows';
import { AmendCellComponent } from '../../ui/amendments/amend-cell.component';
import { EnteredInErrorNoteComponent } from '../../ui/amendments/entered-in-error-note.component';
import { MarkInErrorComponent } from '../../ui/amendments/mark-in-error.component';
import { DischargeOverrideComponent } from './discharge-override.component';
import { SessionOrderComponent } from './session-order.component';
import { durationLabel, sortFlags } from './board-view';
import { FollowUpsComponent } from '../../ui/follow-ups.component';
import { FlagBadgeComponent } from '../../ui/flags/flag-badge.component';
import { type LiveMessage, liveBoard } from '../../core/board/live-board';
import { ObservationFormComponent } from './observation-form.component';
import { SideEffectFormComponent } from './side-effect-form.component';

/** What a 412 on discharge means, in plain words (the session is reloaded meanwhile). */
export const STALE_SESSION_MESSAGE =
  'Someone else changed this session while you were looking at it. It has been reloaded: check it, then discharge again if it is still needed.';

/** The clock of the page (time since dose, the forms' "now") moves on this often. */
export const SESSION_TICK_MS = 30_000;

type SessionState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error' }
  | { status: 'loaded'; session: SessionDto; readiness: DischargeReadinessDto };

type DischargeResult = { ok: true } | { ok: false; messages: string[] };

/**
 * The nurse's screen for one patient on site: record observations fast, see them with the minutes
 * since the dose, record side effects, and discharge when the patient is ready.
 */
@Component({
  selector: 'app-session-page',
  imports: [
    RouterLink,
    FlagBadgeComponent,
    ObservationFormComponent,
    SideEffectFormComponent,
    DischargeOverrideComponent,
    SessionOrderComponent,
    FollowUpsComponent,
    AmendCellComponent,
    EnteredInErrorNoteComponent,
    MarkInErrorComponent,
  ],
  templateUrl: './session.page.html',
  styleUrl: './session.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionPage {
  private readonly api = inject(SessionsApi);
  private readonly boardApi = inject(BoardApi);
  private readonly patientsApi = inject(PatientsApi);
  protected readonly role = inject(AuthService).role;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** Psychiatrists and nurses mark an observation or side effect entered in error. */
  protected readonly canAmend = computed(() => {
    const role = this.role();
    return role === 'psychiatrist' || role === 'nurse';
  });
  protected readonly amend = new AmendRows();
  protected readonly announcement = signal('');

  private readonly clinicContext = inject(ClinicContext);
  protected readonly duration = durationLabel;
  protected readonly medication = medicationLabel;
  /** The label's advice on leaving (CLINICAL.md s9), shown before and after discharge. */
  protected readonly dischargeAdvice = DISCHARGE_ADVICE;
  protected readonly sideEffectType = SIDE_EFFECT_LABELS;
  protected readonly sideEffectSeverity = SIDE_EFFECT_SEVERITY_LABELS;
  protected readonly seriousText = seriousText;
  protected readonly statusLabels = SESSION_STATUS_LABELS;

  private readonly sessionId = toSignal(
    inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('sessionId') ?? '')),
    { initialValue: '' },
  );
  private readonly reload$ = new Subject<void>();
  protected readonly now = signal(Date.now());
  /** The clinic's live events, once the session (and so its clinic) is known. */
  private readonly liveMessages$: Observable<LiveMessage> = toObservable(
    computed(() => this.loaded()?.session.clinicId ?? null),
  ).pipe(
    distinctUntilChanged(),
    switchMap((clinicId) => (clinicId === null ? EMPTY : liveBoard(this.boardApi, clinicId))),
  );

  protected readonly state = toSignal(
    toObservable(this.sessionId).pipe(
      filter((id) => id !== ''),
      switchMap((id) => this.follow(id)),
    ),
    { initialValue: { status: 'loading' } },
  );

  private readonly loaded = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state : null;
  });
  /** The session's clinic's time zone: every time here reads as the clinic's (ui/format.ts). */
  protected readonly timeZone = computed(() => {
    const clinicId = this.loaded()?.session.clinicId;
    return clinicId ? this.clinicContext.timeZoneOf(clinicId) : undefined;
  });

  protected readonly patient = toSignal(
    toObservable(computed(() => this.loaded()?.session.patientId ?? null)).pipe(
      distinctUntilChanged(),
      switchMap((patientId) =>
        patientId === null
          ? of(null)
          : this.patientsApi.get(patientId).pipe(catchError(() => of<PatientDto | null>(null))),
      ),
    ),
    { initialValue: null },
  );

  protected readonly minutesSinceDose = computed(() => {
    const loaded = this.loaded();
    return loaded ? minutesSinceDose(loaded.session.startedAt, new Date(this.now())) : 0;
  });
  /** Chronological, as the observation chart of a paper record reads. */
  protected readonly observations = computed<ObservationDto[]>(() =>
    [...(this.loaded()?.session.observations ?? [])].sort(
      (a, b) => toMs(a.recordedAt) - toMs(b.recordedAt),
    ),
  );
  protected readonly openFlags = computed<FlagDto[]>(() =>
    sortFlags((this.loaded()?.session.flags ?? []).filter((flag) => flag.status !== 'resolved')),
  );

  protected readonly confirmingDischarge = signal(false);
  protected readonly discharging = signal(false);
  protected readonly dischargeMessages = signal<string[]>([]);
  private readonly discharge$ = new Subject<{ id: string; version: number }>();
  private readonly dischargeKeys = new IdempotencyKeys();

  constructor() {
    interval(SESSION_TICK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        const previous = this.now();
        const now = Date.now();
        this.now.set(now);
        // Readiness can change by time alone: fetch it when the minimum monitoring time ends.
        const loaded = this.loaded();
        if (loaded && !loaded.readiness.ready && loaded.readiness.monitoringEndsAt !== null) {
          const endsMs = toMs(loaded.readiness.monitoringEndsAt);
          if (endsMs > previous && endsMs <= now) {
            this.reload$.next();
          }
        }
      });

    this.discharge$
      .pipe(
        exhaustMap(({ id, version }) => {
          const request = { dischargedAt: new Date().toISOString() };
          // The version on screen goes as If-Match: a change by someone else meanwhile is a 412.
          return this.api.discharge(id, request, this.dischargeKeys.keyFor(request), version).pipe(
            map((): DischargeResult => ({ ok: true })),
            catchError((error: unknown) =>
              of<DischargeResult>({
                ok: false,
                messages: isStale(error)
                  ? [STALE_SESSION_MESSAGE]
                  : errorMessages(error, 'The patient could not be discharged. Try again.'),
              }),
            ),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.discharging.set(false);
        this.confirmingDischarge.set(false);
        if (result.ok) {
          this.dischargeKeys.settled();
        } else {
          this.dischargeMessages.set(result.messages);
        }
        this.reload$.next();
      });
  }

  protected clock(at: string): string {
    return formatTime(at, this.timeZone());
  }

  protected reload(): void {
    this.reload$.next();
  }

  protected askDischarge(): void {
    this.dischargeMessages.set([]);
    this.confirmingDischarge.set(true);
  }

  protected cancelDischarge(): void {
    this.confirmingDischarge.set(false);
  }

  protected confirmDischarge(): void {
    const loaded = this.loaded();
    if (!loaded || this.discharging()) {
      return;
    }
    this.discharging.set(true);
    this.discharge$.next({ id: loaded.session.id, version: loaded.session.version });
  }

  /** After a mark: say so, reload the session and its readiness, focus the section's heading. */
  protected amended(headingId: string): void {
    this.announcement.set(
      headingId === 'observations-title'
        ? 'Observation marked entered in error.'
        : 'Side effect marked entered in error.',
    );
    this.reload$.next();
    afterNextRender(
      () => {
        this.host.nativeElement.querySelector<HTMLElement>(`[id="${headingId}"]`)?.focus();
      },
      { injector: this.injector },
    );
  }

  /** ", BP 150/95, MOAA/S 2" for the confirmation of a mark. */
  protected describeReading(observation: ObservationDto): string {
    const parts = [
      this.bp(observation) === null ? null : `BP ${String(this.bp(observation))}`,
      observation.heartRate === null ? null : `HR ${String(observation.heartRate)}`,
      observation.moaas === null ? null : `MOAA/S ${String(observation.moaas)}`,
    ].filter((part): part is string => part !== null);
    return parts.length === 0 ? '' : `, ${parts.join(', ')}`;
  }

  protected bp(observation: ObservationDto): string | null {
    return observation.systolic !== null && observation.diastolic !== null
      ? `${String(observation.systolic)}/${String(observation.diastolic)}`
      : null;
  }

  protected patientName(patient: PatientDto): string {
    return `${patient.givenName} ${patient.familyName}`;
  }

  /**
   * The session and its readiness: first, after each of this screen's writes, on every live event
   * of this session (another nurse, a flag), and when the minimum monitoring time ends.
   */
  private follow(sessionId: string): Observable<SessionState> {
    const events$ = this.liveMessages$.pipe(
      filter((message) => message.kind === 'event' && message.event.sessionId === sessionId),
    );
    return merge(of(null), this.reload$, events$).pipe(
      switchMap(() =>
        concat(
          of(null),
          forkJoin({
            session: this.api.get(sessionId),
            readiness: this.api.readiness(sessionId),
          }).pipe(
            map(({ session, readiness }): SessionState => ({
              status: 'loaded',
              session,
              readiness,
            })),
            catchError((error: unknown) =>
              of<SessionState>(
                error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)
                  ? { status: 'not-found' }
                  : { status: 'error' },
              ),
            ),
          ),
        ),
      ),
      // Keep showing the session while it is fetched again; a failed refresh keeps it too.
      scan(
        (state: SessionState, next: SessionState | null): SessionState =>
          next === null
            ? state
            : next.status === 'error' && state.status === 'loaded'
              ? state
              : next,
        { status: 'loading' } as SessionState,
      ),
    );
  }
}
