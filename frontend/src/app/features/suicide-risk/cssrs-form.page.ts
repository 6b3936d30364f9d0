import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import {
  type CreateCssrsRequest,
  CSSRS_IDEATION_FOLLOW_UPS,
  type CssrsAnswers,
  type CssrsField,
  type CssrsRisk,
  type FlagDto,
  type PatientDto,
  cssrsRisk,
  cssrsSkipProblems,
} from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { CssrsApi } from '../../api/cssrs.api';
import { FlagsApi } from '../../api/flags.api';
import { PatientsApi } from '../../api/patients.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { listAll } from '../../core/http/list-all';
import { formatCalendarDate, formatDateTime } from '../../ui/format';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { patientDisplayName } from '../../ui/patient-format';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';
import {
  CSSRS_BEHAVIOR_RECENT_QUESTION,
  CSSRS_IDEATION_PERIOD,
  CSSRS_QUESTIONS,
} from './cssrs-wording';
import { needsSafetyPlan, RISK_WORDING } from '../../ui/labels';
import { flaggedPhq9, safetyPlanLink } from '../../ui/screener-link';
import { YesNoComponent } from './yes-no.component';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';

type Field = CssrsField;
const FOLLOW_UPS: readonly Field[] = CSSRS_IDEATION_FOLLOW_UPS;

export const CSSRS_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(CSSRS_QUESTIONS.map((q) => [q.field, `Question ${String(q.number)}`])),
  behaviorPast3Months: 'Question 6 (within the past 3 months)',
  administeredAt: 'Time given',
  phq9Id: 'PHQ-9',
};

type Loaded<T> =
  { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'error'; message: string };

function load<T>(source: Observable<T>): Observable<Loaded<T>> {
  return source.pipe(
    map((value): Loaded<T> => ({ status: 'loaded', value })),
    catchError((error: unknown) =>
      of<Loaded<T>>({ status: 'error', message: serverErrors(error, {}).general.join(' ') }),
    ),
    startWith<Loaded<T>>({ status: 'loading' }),
  );
}

/** What the page carries to the safety plan after a save (router state: nothing in the URL). */
export interface ScreenerSavedState {
  screenerSaved: { risk: CssrsRisk; administeredAt: string };
}

/**
 * `/patients/:id/cssrs/new?flagId=` (psychiatrists, nurses): the C-SSRS screener, asked the way
 * the Columbia screener is: questions 3-5 only when question 2 is yes, "within the past 3 months?"
 * only when question 6 is yes (CLINICAL.md s10). The risk level and what it asks of the clinic show
 * as the answers are given, by the shared `cssrsRisk` (the function the server stores it with).
 * Opened from a PHQ-9 item-9 flag, the screener is linked to that PHQ-9.
 */
@Component({
  selector: 'app-cssrs-form-page',
  imports: [RouterLink, YesNoComponent, ...FIELD, DateTimeInputComponent, FormErrorsComponent],
  templateUrl: './cssrs-form.page.html',
  styleUrls: ['../../ui/record-form.css', './cssrs-form.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CssrsFormPage {
  /** The route's `:id` (the patient). */
  readonly id = input.required<string>();
  /** `?flagId=`: the item-9 flag the screener answers, if opened from one. */
  readonly flagId = input<string | undefined>(undefined);

  private readonly cssrsApi = inject(CssrsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly flagsApi = inject(FlagsApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly router = inject(Router);
  private readonly keys = new IdempotencyKeys();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly questions = CSSRS_QUESTIONS;
  protected readonly ideationPeriod = CSSRS_IDEATION_PERIOD;
  protected readonly recentQuestion = CSSRS_BEHAVIOR_RECENT_QUESTION;
  protected readonly riskWording = RISK_WORDING;
  protected readonly displayName = patientDisplayName;
  protected readonly formatCalendarDate = formatCalendarDate;

  protected readonly patient = toSignal(
    toObservable(this.id).pipe(switchMap((id) => load<PatientDto>(this.patientsApi.get(id)))),
    { initialValue: { status: 'loading' } },
  );

  /** The flag it was opened from (looked up among the patient's flags), or null. */
  protected readonly flag = toSignal(
    toObservable(computed(() => ({ id: this.id(), flagId: this.flagId() ?? null }))).pipe(
      switchMap(({ id, flagId }) =>
        flagId === null
          ? of<Loaded<FlagDto | null>>({ status: 'loaded', value: null })
          : load(
              listAll((limit, offset) => this.flagsApi.listForPatient(id, limit, offset)).pipe(
                map((flags) => flags.find((flag) => flag.id === flagId) ?? null),
              ),
            ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );
  /** The PHQ-9 whose item 9 prompted the screener (from the flag's evidence). */
  protected readonly phq9 = computed(() => {
    const flag = this.flag();
    return flag.status === 'loaded' && flag.value ? flaggedPhq9(flag.value) : null;
  });

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

  /** The answers, null while unanswered (an unanswered question is never "no"). */
  protected readonly answers = signal<Record<Field, boolean | null>>({
    wishDead: null,
    suicidalThoughts: null,
    method: null,
    intent: null,
    plan: null,
    behavior: null,
    behaviorPast3Months: null,
  });

  /** Questions 3-5 are asked only after a yes to question 2. */
  protected readonly thoughtsAsked = computed(() => this.answers().suicidalThoughts === true);
  /** "Within the past 3 months?" only after a yes to question 6. */
  protected readonly recentAsked = computed(() => this.answers().behavior === true);

  /** The questions on screen now, in order. */
  protected readonly shown = computed(() =>
    this.questions.filter((q) => !FOLLOW_UPS.includes(q.field) || this.thoughtsAsked()),
  );

  /** The fields the skip logic asks now. */
  private readonly askedFields = computed<Field[]>(() => [
    ...this.shown().map((q) => q.field),
    ...(this.recentAsked() ? (['behaviorPast3Months'] as const) : []),
  ]);

  /** The answers to the questions asked (hidden ones left out: they are never sent). */
  private readonly given = computed<Partial<CssrsAnswers>>(() => {
    const answers = this.answers();
    return Object.fromEntries(this.askedFields().map((field) => [field, answers[field]]));
  });

  /** Questions asked and not answered yet, by the shared skip logic (cssrsSkipProblems). */
  protected readonly unanswered = computed(() => cssrsSkipProblems(this.given()));

  /**
   * The risk of the answers given so far, by the shared Columbia triage (cssrsRisk): an unanswered
   * question 1, 2, 3, 4, 5 or 6 does not raise it; behaviour whose recency is not answered yet
   * counts as recent, as the shared function reads it (the safer reading).
   */
  protected readonly risk = computed<CssrsRisk>(() => {
    const given = this.given();
    return cssrsRisk({
      ...given,
      wishDead: given.wishDead === true,
      suicidalThoughts: given.suicidalThoughts === true,
      behavior: given.behavior === true,
    });
  });
  protected readonly anyAnswered = computed(() =>
    Object.values(this.given()).some((value) => value !== null && value !== undefined),
  );

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);

  /**
   * Refusals that name no field on screen (e.g. the PHQ-9 link, or a question the skip logic
   * hides), shown above the form with the rest of the general messages.
   */
  protected readonly otherErrors = computed(() => {
    const { fields, general } = this.server();
    const onScreen = new Set<string>(['administeredAt', ...this.askedFields()]);
    return [
      ...general,
      ...Object.entries(fields)
        .filter(([field]) => !onScreen.has(field))
        .flatMap(([, messages]) => messages),
    ];
  });

  protected readonly timeError = computed(
    () =>
      this.server().fields['administeredAt']?.join(' ') ??
      (this.submitted() && localInputToIso(this.administeredAt(), this.timeZone()) === null
        ? 'Enter the date and time the screener was given'
        : null),
  );

  protected fieldError(field: Field): string | null {
    const server = this.server().fields[field]?.join(' ');
    if (server) {
      return server;
    }
    return this.submitted() && this.unanswered().includes(field) ? 'Answer yes or no' : null;
  }

  protected answer(field: Field, value: boolean | null): void {
    this.answers.update((answers) => ({ ...answers, [field]: value }));
    this.clearServerError(field);
  }

  protected setAdministeredAt(value: string): void {
    this.administeredAt.set(value);
    this.clearServerError('administeredAt');
  }

  protected phq9When(at: string | null): string {
    return at === null ? '' : formatDateTime(at, this.timeZone());
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const administeredAt = localInputToIso(this.administeredAt(), this.timeZone());
    const answers = this.given();
    if (administeredAt === null || this.unanswered().length > 0) {
      this.focusFirstError();
      return;
    }
    const phq9 = this.phq9();
    const request: CreateCssrsRequest = {
      administeredAt,
      ...(answers as CssrsAnswers),
      ...(phq9 ? { phq9Id: phq9.id } : {}),
    };
    this.busy.set(true);
    const patientId = this.id();
    this.cssrsApi
      .create(patientId, request, this.keys.keyFor(request))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.keys.settled();
          if (needsSafetyPlan(saved.risk)) {
            const state: ScreenerSavedState = {
              screenerSaved: { risk: saved.risk, administeredAt: saved.administeredAt },
            };
            void this.router.navigate(safetyPlanLink(patientId), { state });
          } else {
            void this.router.navigate(['/patients', patientId]);
          }
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(serverErrors(error, CSSRS_FIELD_LABELS));
          this.focusFirstError();
        },
      });
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
}
