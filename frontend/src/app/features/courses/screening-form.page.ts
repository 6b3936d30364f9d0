import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  CONCOMITANT_CLASSES,
  type ConcomitantClass,
  type CreateScreeningRequest,
  DRUGS,
  type Drug,
  type PatientDto,
  SCREENING_ITEMS,
  type ScreeningAnswer,
  type ScreeningDto,
  type ScreeningItem,
} from '@clinic/shared';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { CoursesApi } from '../../api/courses.api';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { PatientsApi } from '../../api/patients.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { formatCalendarDate, formatDate } from '../../ui/format';
import { DRUG_CHOICE_LABELS } from '../../ui/labels';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';
import { patientDisplayName } from '../../ui/patient-format';
import { type Choice, ChoiceGroupComponent } from '../../ui/form/choice-group.component';
import {
  CONCOMITANT_CLASS_LABELS,
  SCREENING_ANSWER_LABELS,
  SCREENING_ITEM_LABELS,
  SCREENING_RESULT_LABELS,
  courseServerErrors,
  screeningGroups,
} from '../../ui/course-wording';

type PatientState =
  | { status: 'loading' }
  | { status: 'loaded'; patient: PatientDto }
  | { status: 'error'; message: string };

/** The server's field names as the form shows them. */
export const SCREENING_FIELD_LABELS: Readonly<Record<string, string>> = {
  drug: 'Drug',
  screenedAt: 'Screened at',
  consentAt: 'Consent date',
  remsEnrolledAt: 'REMS enrolment date',
  concomitant: 'Concomitant medicines',
  answers: 'Answers',
  notes: 'Notes',
  ...Object.fromEntries(
    SCREENING_ITEMS.flatMap((item) => [
      [`answers.${item}`, SCREENING_ITEM_LABELS[item]],
      [`notes.${item}`, `Note on ${SCREENING_ITEM_LABELS[item].toLowerCase()}`],
    ]),
  ),
};

const ANSWER_CHOICES: readonly Choice<ScreeningAnswer>[] = (['no', 'yes', 'unknown'] as const).map(
  (value) => ({ value, label: SCREENING_ANSWER_LABELS[value] }),
);

function emptyAnswers(): Record<ScreeningItem, ScreeningAnswer | null> {
  return Object.fromEntries(SCREENING_ITEMS.map((item) => [item, null])) as Record<
    ScreeningItem,
    ScreeningAnswer | null
  >;
}

/**
 * `/record/screening/:patientId` (psychiatrists): the screening before a course (CLINICAL.md s9).
 * The drug, the ten items `No / Yes / Unknown` grouped as absolute (for that drug) and relative
 * contraindications, a note for each yes, the concomitant medicine classes (they feed the REMS
 * form), consent and, for esketamine, the REMS enrolment. The result shows after saving, with the
 * way on to "Start course".
 */
@Component({
  selector: 'app-screening-form-page',
  imports: [
    RouterLink,
    ChoiceGroupComponent,
    ...FIELD,
    DateTimeInputComponent,
    FormErrorsComponent,
  ],
  templateUrl: './screening-form.page.html',
  styleUrls: ['../../ui/record-form.css', './courses.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScreeningFormPage {
  /** The route's `:patientId`. */
  readonly patientId = input.required<string>();

  private readonly coursesApi = inject(CoursesApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly keys = new IdempotencyKeys();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly drugs = DRUGS;
  protected readonly drugLabels = DRUG_CHOICE_LABELS;
  protected readonly itemLabels = SCREENING_ITEM_LABELS;
  protected readonly resultLabels = SCREENING_RESULT_LABELS;
  protected readonly concomitantClasses = CONCOMITANT_CLASSES;
  protected readonly concomitantLabels = CONCOMITANT_CLASS_LABELS;
  protected readonly answerChoices = ANSWER_CHOICES;
  protected readonly displayName = patientDisplayName;
  protected readonly formatCalendarDate = formatCalendarDate;

  protected readonly patientState = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((id) =>
        this.patientsApi.get(id).pipe(
          map((patient): PatientState => ({ status: 'loaded', patient })),
          catchError((error: unknown) =>
            of<PatientState>({
              status: 'error',
              message: serverErrors(error, {}).general.join(' '),
            }),
          ),
          startWith<PatientState>({ status: 'loading' }),
        ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );

  protected readonly timeZone = computed(() => {
    const state = this.patientState();
    return state.status === 'loaded'
      ? this.clinicContext.timeZoneOf(state.patient.clinicId)
      : undefined;
  });
  protected readonly timeHint = computed(() => {
    const state = this.patientState();
    const clinicId = state.status === 'loaded' ? state.patient.clinicId : null;
    const clinic = this.clinicContext.clinics().find((c) => c.id === clinicId);
    return timeZoneHint(clinic?.name ?? null, this.timeZone());
  });

  protected readonly drug = signal<Drug | null>(null);
  protected readonly answers = signal(emptyAnswers());
  protected readonly notes = signal<Partial<Record<ScreeningItem, string>>>({});
  protected readonly concomitant = signal<ReadonlySet<ConcomitantClass>>(new Set());
  /** "Now" in the clinic's zone until typed. */
  protected readonly screenedAt = linkedSignal(() =>
    toLocalInputValue(new Date(), this.timeZone()),
  );
  /** Today in the clinic's zone until typed (YYYY-MM-DD). */
  protected readonly consentDate = linkedSignal(() =>
    toLocalInputValue(new Date(), this.timeZone()).slice(0, 10),
  );
  protected readonly remsDate = signal('');

  /** The checklist for the chosen drug: absolute contraindications, then relative ones. */
  protected readonly sections = computed(() => {
    const drug = this.drug();
    if (drug === null) return [];
    const groups = screeningGroups(drug);
    return [
      {
        key: 'absolute',
        title: 'Absolute contraindications',
        hint: 'A yes blocks the course unless you give an override reason when starting it.',
        items: groups.absolute,
      },
      {
        key: 'relative',
        title: 'Relative contraindications and warnings',
        hint: 'A yes needs your documented decision and stays visible on the course.',
        items: groups.relative,
      },
    ];
  });
  protected readonly isEsketamine = computed(() => this.drug() === 'esketamine');

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);
  protected readonly saved = signal<ScreeningDto | null>(null);

  /** Refusals naming no field on screen, above the form. */
  protected readonly otherErrors = computed(() => {
    const { fields, general } = this.server();
    const onScreen = new Set(Object.keys(SCREENING_FIELD_LABELS));
    return [
      ...general,
      ...Object.entries(fields)
        .filter(([field]) => !onScreen.has(field))
        .flatMap(([, messages]) => messages),
    ];
  });

  private serverError(field: string): string | null {
    return this.server().fields[field]?.join(' ') ?? null;
  }

  protected readonly drugError = computed(
    () =>
      this.serverError('drug') ??
      (this.submitted() && this.drug() === null ? 'Choose the drug of the course' : null),
  );
  protected readonly screenedAtError = computed(
    () =>
      this.serverError('screenedAt') ??
      (this.submitted() && localInputToIso(this.screenedAt(), this.timeZone()) === null
        ? 'Enter the date and time of the screening'
        : null),
  );
  protected readonly consentError = computed(
    () =>
      this.serverError('consentAt') ??
      (this.submitted() && this.dateToIso(this.consentDate()) === null
        ? 'Enter the date the patient gave informed consent'
        : null),
  );
  protected readonly remsError = computed(
    () =>
      this.serverError('remsEnrolledAt') ??
      (this.submitted() && this.isEsketamine() && this.dateToIso(this.remsDate()) === null
        ? 'Enter the date of the patient’s REMS enrolment (required for esketamine)'
        : null),
  );
  protected readonly concomitantError = computed(() => this.serverError('concomitant'));

  protected answerError(item: ScreeningItem): string | null {
    return (
      this.serverError(`answers.${item}`) ??
      (this.submitted() && this.answers()[item] === null ? 'Answer no, yes or unknown' : null)
    );
  }

  protected noteError(item: ScreeningItem): string | null {
    return (
      this.serverError(`notes.${item}`) ??
      (this.submitted() && !(this.notes()[item] ?? '').trim()
        ? 'Write your decision on this yes (required)'
        : null)
    );
  }

  protected chooseDrug(drug: Drug | null): void {
    this.drug.set(drug);
    this.clearServerError('drug');
  }

  protected answer(item: ScreeningItem, value: ScreeningAnswer | null): void {
    this.answers.update((answers) => ({ ...answers, [item]: value }));
    this.clearServerError(`answers.${item}`);
  }

  protected setNote(item: ScreeningItem, text: string): void {
    this.notes.update((notes) => ({ ...notes, [item]: text }));
    this.clearServerError(`notes.${item}`);
  }

  protected toggleConcomitant(cls: ConcomitantClass, checked: boolean): void {
    this.concomitant.update((set) => {
      const next = new Set(set);
      if (checked) next.add(cls);
      else next.delete(cls);
      return next;
    });
    this.clearServerError('concomitant');
  }

  protected setScreenedAt(value: string): void {
    this.screenedAt.set(value);
    this.clearServerError('screenedAt');
  }

  protected setConsent(value: string): void {
    this.consentDate.set(value);
    this.clearServerError('consentAt');
  }

  protected setRems(value: string): void {
    this.remsDate.set(value);
    this.clearServerError('remsEnrolledAt');
  }

  protected validUntil(screening: ScreeningDto): string {
    return formatDate(screening.validUntil, this.timeZone());
  }

  protected submit(): void {
    if (this.busy()) return;
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const drug = this.drug();
    const answers = this.answers();
    const screenedAt = localInputToIso(this.screenedAt(), this.timeZone());
    const consentAt = this.dateToIso(this.consentDate());
    const remsEnrolledAt = this.dateToIso(this.remsDate());
    const yes = SCREENING_ITEMS.filter((item) => answers[item] === 'yes');
    const notes = this.notes();
    if (
      drug === null ||
      screenedAt === null ||
      consentAt === null ||
      (drug === 'esketamine' && remsEnrolledAt === null) ||
      SCREENING_ITEMS.some((item) => answers[item] === null) ||
      yes.some((item) => !(notes[item] ?? '').trim())
    ) {
      focusFirstInvalid(() => this.host.nativeElement, this.injector);
      return;
    }
    const request: CreateScreeningRequest = {
      drug,
      screenedAt,
      answers: answers as Record<ScreeningItem, ScreeningAnswer>,
      notes: Object.fromEntries(yes.map((item) => [item, (notes[item] ?? '').trim()])),
      concomitant: CONCOMITANT_CLASSES.filter((cls) => this.concomitant().has(cls)),
      consentAt,
      ...(drug === 'esketamine' ? { remsEnrolledAt } : {}),
    };
    this.busy.set(true);
    this.coursesApi
      .createScreening(this.patientId(), request, this.keys.keyFor(request))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (screening) => {
          this.keys.settled();
          this.busy.set(false);
          this.saved.set(screening);
          // The result's heading takes the focus: the form it replaces is gone.
          afterNextRender(
            () => this.host.nativeElement.querySelector<HTMLElement>('#screening-result')?.focus(),
            { injector: this.injector },
          );
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(courseServerErrors(error, SCREENING_FIELD_LABELS));
          focusFirstInvalid(() => this.host.nativeElement, this.injector);
        },
      });
  }

  /** A calendar date typed in the form as the clinic's midnight of that day (ISO), or null. */
  private dateToIso(date: string): string | null {
    return /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? localInputToIso(`${date}T00:00`, this.timeZone())
      : null;
  }

  private clearServerError(field: string): void {
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }
}
