import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import {
  type CreatePhq9Request,
  PHQ9_DEFAULT_MAX_MISSING_ITEMS,
  PHQ9_ITEM_COUNT,
  PHQ9_TOTAL_MAX,
  type PatientDto,
  RECALL_PERIODS,
  type RecallPeriod,
  type SessionSummaryDto,
  hoursBetween,
  scorePhq9,
} from '@clinic/shared';
import {
  type Observable,
  catchError,
  distinctUntilChanged,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';

import { PatientsApi } from '../../api/patients.api';
import { AssessmentsApi } from '../../api/assessments.api';
import { SessionsApi } from '../../api/sessions.api';
import { listAll } from '../../core/http/list-all';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { patientDisplayName } from '../../ui/patient-format';
import { AnswerGroupComponent } from './answer-group.component';
import { phq9Missing } from './phq9-incomplete';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { enterMovesOn } from '../../ui/form/enter-moves-on';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';
import {
  PHQ9_ANSWERS,
  PHQ9_ITEM10_ANSWERS,
  PHQ9_ITEM10_QUESTION,
  PHQ9_QUESTIONS,
  PHQ9_STEMS,
} from '../../ui/phq9-wording';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatCalendarDate, formatDateTime } from '../../ui/format';
import {
  DRUG_LABELS,
  PHQ9_SEVERITY_BANDS,
  RECALL_CHOICE_LABELS,
  ROUTE_LABELS,
} from '../../ui/labels';

/** Item 9 (thoughts of being better off dead or of self-harm), 0-based. */
export const ITEM9_INDEX = PHQ9_ITEM_COUNT - 1;

export const PHQ9_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Array.from({ length: PHQ9_ITEM_COUNT }, (_, index) => [
      `items.${String(index)}`,
      `Item ${String(index + 1)}`,
    ]),
  ),
  items: 'Items',
  item10: 'Item 10',
  administeredAt: 'Time given',
  recall: 'Recall period',
  sessionId: 'Session',
};

type Loaded<T> =
  { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'error'; message: string };

const LOADING = { status: 'loading' } as const;

function load<T>(source: Observable<T>): Observable<Loaded<T>> {
  return source.pipe(
    map((value): Loaded<T> => ({ status: 'loaded', value })),
    catchError((error: unknown) =>
      of<Loaded<T>>({ status: 'error', message: serverErrors(error, {}).general.join(' ') }),
    ),
    startWith<Loaded<T>>({ status: 'loading' }),
  );
}

/** `/record/phq9/:patientId` (psychiatrists, nurses): record a PHQ-9, scored live as it is filled. */
@Component({
  selector: 'app-phq9-form-page',
  imports: [AnswerGroupComponent, ...FIELD, DateTimeInputComponent, FormErrorsComponent],
  templateUrl: './phq9-form.page.html',
  styleUrls: ['../../ui/record-form.css', './phq9-form.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Phq9FormPage {
  private readonly patientsApi = inject(PatientsApi);
  private readonly sessionsApi = inject(SessionsApi);
  private readonly assessmentsApi = inject(AssessmentsApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly keys = new IdempotencyKeys();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly questions = PHQ9_QUESTIONS;
  protected readonly answers = PHQ9_ANSWERS;
  protected readonly item10Question = PHQ9_ITEM10_QUESTION;
  protected readonly item10Answers = PHQ9_ITEM10_ANSWERS;
  protected readonly recallPeriods = RECALL_PERIODS;
  protected readonly recallLabels = RECALL_CHOICE_LABELS;
  protected readonly severityLabels = PHQ9_SEVERITY_BANDS;
  protected readonly item9Index = ITEM9_INDEX;
  protected readonly itemCount = PHQ9_ITEM_COUNT;
  protected readonly totalMax = PHQ9_TOTAL_MAX;
  protected readonly displayName = patientDisplayName;
  protected readonly formatCalendarDate = formatCalendarDate;

  private readonly patientId$ = inject(ActivatedRoute).paramMap.pipe(
    map((params) => params.get('patientId') ?? ''),
  );
  protected readonly patientId = toSignal(this.patientId$, { initialValue: '' });
  protected readonly patient = toSignal(
    this.patientId$.pipe(switchMap((id) => load<PatientDto>(this.patientsApi.get(id)))),
    { initialValue: LOADING },
  );
  protected readonly sessions = toSignal(
    this.patientId$.pipe(
      switchMap((id) =>
        load(
          listAll((limit, offset) => this.sessionsApi.listForPatient(id, limit, offset)).pipe(
            map((sessions) => [...sessions].sort((a, b) => b.startedAt.localeCompare(a.startedAt))),
          ),
        ),
      ),
    ),
    { initialValue: LOADING },
  );

  /**
   * Blank items that may be prorated: the patient's clinic's rule (GET /clinics/:id/thresholds),
   * the CLINICAL.md s1 default until it is known or when it cannot be read.
   */
  protected readonly maxMissingItems = toSignal(
    toObservable(this.patient).pipe(
      map((state) => (state.status === 'loaded' ? state.value.clinicId : null)),
      distinctUntilChanged(),
      switchMap((clinicId) =>
        clinicId === null
          ? of(PHQ9_DEFAULT_MAX_MISSING_ITEMS)
          : this.assessmentsApi.clinicThresholds(clinicId).pipe(
              map((response) => response.thresholds.phq9.maxMissingItems),
              catchError(() => of(PHQ9_DEFAULT_MAX_MISSING_ITEMS)),
            ),
      ),
    ),
    { initialValue: PHQ9_DEFAULT_MAX_MISSING_ITEMS },
  );

  /** The nine answers, null while unanswered (a missing item is never 0). */
  protected readonly items = signal<(number | null)[]>(Array<null>(PHQ9_ITEM_COUNT).fill(null));
  protected readonly item10 = signal<number | null>(null);
  protected readonly recall = signal<RecallPeriod | ''>('');
  /** The patient's clinic's time zone: the time given is typed and read in it. */
  private readonly timeZone = computed(() => {
    const patient = this.patient();
    return patient.status === 'loaded'
      ? this.clinicContext.timeZoneOf(patient.value.clinicId)
      : undefined;
  });
  protected readonly timeHint = computed(() => {
    const patient = this.patient();
    const clinicId = patient.status === 'loaded' ? patient.value.clinicId : null;
    const clinic = this.clinicContext.clinics().find((c) => c.id === clinicId);
    return timeZoneHint(clinic?.name ?? null, this.timeZone());
  });
  /** "Now" in the clinic's zone until the user types a time. */
  protected readonly administeredAt = linkedSignal(() =>
    toLocalInputValue(new Date(), this.timeZone()),
  );
  protected readonly sessionId = signal('');

  /** Live score by scorePhq9() from shared: the same function the server stores the score with. */
  protected readonly score = computed(() =>
    scorePhq9(this.items(), { maxMissingItems: this.maxMissingItems() }),
  );
  /** Numbers (1-9) of the items left blank, so none is missed by accident. */
  protected readonly blankItems = computed(() =>
    this.items().flatMap((item, index) => (item === null ? [index + 1] : [])),
  );
  protected readonly item9Answer = computed(() => this.items()[ITEM9_INDEX] ?? null);
  /**
   * Item 9 explicitly not asked (CLINICAL.md s4 v2: forms require item 9 or an explicit "not
   * asked"): it is sent as null, and the server raises phq9.item9_unanswered.
   */
  protected readonly item9NotAsked = signal(false);
  protected readonly item9Error = computed(() =>
    this.submitted() && this.item9Answer() === null && !this.item9NotAsked()
      ? 'Answer item 9, or choose “Not asked”: without it suicidality is unknown.'
      : null,
  );

  protected readonly stem = computed(() => {
    const recall = this.recall();
    return recall === ''
      ? 'Choose the recall period above; the question reads “Over the last 2 weeks…” or “Over the last 24 hours…”.'
      : PHQ9_STEMS[recall];
  });

  /** The latest dose before the time given, and the hours since it (for choosing the recall). */
  protected readonly latestDose = computed(() => {
    const sessions = this.sessions();
    const at = localInputToIso(this.administeredAt(), this.timeZone());
    if (sessions.status !== 'loaded' || at === null) {
      return null;
    }
    const session = sessions.value.find((candidate) => candidate.startedAt < at);
    return session ? { session, hours: hoursBetween(session.startedAt, at) } : null;
  });

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  /** What is missing, while the user is asked to confirm saving without it; else null. */
  protected readonly confirming = signal<readonly string[] | null>(null);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);

  protected readonly recallError = computed(
    () =>
      this.server().fields['recall']?.join(' ') ??
      (this.submitted() && this.recall() === '' ? 'Choose the recall period' : null),
  );
  protected readonly timeError = computed(
    () =>
      this.server().fields['administeredAt']?.join(' ') ??
      (this.submitted() && localInputToIso(this.administeredAt(), this.timeZone()) === null
        ? 'Enter the date and time the questionnaire was given'
        : null),
  );
  protected readonly answersError = computed(() =>
    this.submitted() && this.score().answered === 0 ? 'Answer at least one item' : null,
  );

  protected setItem(index: number, value: number | null): void {
    this.confirming.set(null);
    this.items.update((items) => items.map((item, i) => (i === index ? value : item)));
    if (index === ITEM9_INDEX && value !== null) {
      this.item9NotAsked.set(false);
    }
    this.clearServerError(`items.${String(index)}`);
  }

  /** "Not asked" clears an answer to item 9; answering it clears "Not asked". */
  protected setItem9NotAsked(notAsked: boolean): void {
    this.confirming.set(null);
    this.item9NotAsked.set(notAsked);
    if (notAsked) {
      this.setItem(ITEM9_INDEX, null);
    }
  }

  protected setRecall(value: string): void {
    this.recall.set(
      (RECALL_PERIODS as readonly string[]).includes(value) ? (value as RecallPeriod) : '',
    );
    this.clearServerError('recall');
  }

  protected setAdministeredAt(value: string): void {
    this.administeredAt.set(value);
    this.clearServerError('administeredAt');
  }

  protected itemError(index: number): string | null {
    return this.server().fields[`items.${String(index)}`]?.join(' ') ?? null;
  }

  protected sessionLabel(session: SessionSummaryDto): string {
    return (
      `Session ${String(session.sessionNumber)} · ` +
      `${formatDateTime(session.startedAt, this.clinicContext.timeZoneOf(session.clinicId))} · ` +
      `${DRUG_LABELS[session.drug]} ${ROUTE_LABELS[session.route]} ${String(session.doseMg)} mg`
    );
  }

  /** Enter in a field moves to the next one; only the Save button saves (issue 20). */
  protected onEnter(event: Event): void {
    const form = this.host.nativeElement.querySelector('form');
    if (form) {
      enterMovesOn(event, form);
    }
  }

  protected setItem10(value: number | null): void {
    this.confirming.set(null);
    this.item10.set(value);
  }

  /**
   * Save: checked first; anything left out (a blank item, item 9 not asked) is listed for the
   * user to confirm before it is sent (`confirmed`, from "Save anyway").
   */
  protected submit(confirmed = false): void {
    if (this.busy()) {
      return;
    }
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const recall = this.recall();
    const administeredAt = localInputToIso(this.administeredAt(), this.timeZone());
    if (
      recall === '' ||
      administeredAt === null ||
      this.score().answered === 0 ||
      this.item9Error() !== null
    ) {
      this.confirming.set(null);
      this.focusFirstError();
      return;
    }
    const missing = phq9Missing(this.items(), this.item10(), this.item9NotAsked());
    if (missing.length > 0 && !confirmed) {
      this.confirming.set(missing);
      this.focusSoon('[data-testid="phq9-confirm"]');
      return;
    }
    this.confirming.set(null);
    const request: CreatePhq9Request = {
      administeredAt,
      items: this.items(),
      recall,
      ...(this.item10() === null ? {} : { item10: this.item10() }),
      ...(this.sessionId() ? { sessionId: this.sessionId() } : {}),
    };
    this.busy.set(true);
    const patientId = this.patientId();
    this.assessmentsApi
      .createPhq9(patientId, request, this.keys.keyFor(request))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.keys.settled();
          void this.router.navigate(['/patients', patientId]);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(serverErrors(error, PHQ9_FIELD_LABELS));
          this.focusFirstError();
        },
      });
  }

  /** "Go back": the confirmation closes and the first missing item takes the focus. */
  protected backToMissing(): void {
    this.confirming.set(null);
    const first = this.items().findIndex((item) => item === null);
    const item = first < 0 ? 10 : first + 1;
    this.focusSoon(`[data-testid="phq9-item-${String(item)}"] [role="radio"][tabindex="0"]`);
  }

  private clearServerError(field: string): void {
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }

  private focusFirstError(): void {
    focusFirstInvalid(() => this.host.nativeElement, this.injector);
  }

  private focusSoon(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
