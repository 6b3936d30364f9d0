import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  checkDose,
  type ClinicThresholds,
  type CourseDto,
  type CreateSessionRequest,
  DEFAULT_INFUSION_MINUTES,
  DEFAULT_THRESHOLDS,
  DRUGS,
  type Drug,
  type FlagDto,
  PLAUSIBLE_RANGES,
  type PatientDto,
  type Route,
  type SessionSummaryDto,
  orderWarnings,
} from '@clinic/shared';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { AssessmentsApi } from '../../api/assessments.api';
import { CoursesApi } from '../../api/courses.api';
import { activeCourse, allowedDosesText, proposedDoseMg } from '../../ui/course-wording';
import { FlagsApi } from '../../api/flags.api';
import { OrderWarningsComponent } from './order-warnings.component';
import {
  clientError,
  type Field,
  FIELDS,
  lastGivenSession,
  localTime,
  medicationList,
  positive,
  SERVER_FIELD_LABELS,
  SESSION_FIELD_LABELS,
  type Timing,
  weight,
} from './order-session.form';
import { PatientsApi } from '../../api/patients.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatCalendarDate } from '../../ui/format';
import { SessionsApi } from '../../api/sessions.api';
import { patientDisplayName, weightLabel } from '../../ui/patient-format';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { routesFor, summarizeDose } from './dose-summary';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';
import { DRUG_CHOICE_LABELS, ROUTE_CHOICE_LABELS } from '../../ui/labels';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FieldComponent } from '../../ui/form/field.component';

type PatientState =
  | { status: 'loading' }
  | { status: 'loaded'; patient: PatientDto }
  | { status: 'error'; message: string };

/** `/record/session/:patientId` (psychiatrists): order a dosing session. */
@Component({
  selector: 'app-order-session-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    OrderWarningsComponent,
    FieldComponent,
    DateTimeInputComponent,
  ],
  templateUrl: './order-session.page.html',
  styleUrls: ['../../ui/record-form.css', './order-session.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderSessionPage {
  private readonly sessionsApi = inject(SessionsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly assessmentsApi = inject(AssessmentsApi);
  private readonly flagsApi = inject(FlagsApi);
  private readonly coursesApi = inject(CoursesApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly keys = new IdempotencyKeys();
  private readonly injector = inject(Injector);

  protected readonly drugs = DRUGS;
  protected readonly drugLabels = DRUG_CHOICE_LABELS;
  protected readonly routeLabels = ROUTE_CHOICE_LABELS;
  protected readonly labels = SESSION_FIELD_LABELS;
  protected readonly weightRange = PLAUSIBLE_RANGES.weightKg;
  protected readonly displayName = patientDisplayName;
  protected readonly weightLabel = weightLabel;
  protected readonly formatCalendarDate = formatCalendarDate;

  protected readonly patientId = toSignal(
    inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('patientId') ?? '')),
    { initialValue: '' },
  );

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    timing: this.fb.control<Timing>('planned'),
    drug: this.fb.control<Drug>('ketamine'),
    route: this.fb.control<Route>('iv'),
    doseMg: [null as number | null, [positive, Validators.max(10_000)]],
    weightKg: [null as number | null, [weight]],
    startedAt: [toLocalInputValue(new Date()), [localTime]],
    infusionMinutes: [
      DEFAULT_INFUSION_MINUTES as number | null,
      [Validators.min(1), Validators.max(240)],
    ],
    lotNumber: ['', [Validators.maxLength(64)]],
    concomitantMedications: [''],
    notes: ['', [Validators.maxLength(4000)]],
  });

  /** The form as typed (raw: the route select is disabled for esketamine). */
  private readonly value = toSignal(
    this.form.valueChanges.pipe(map(() => this.form.getRawValue())),
    { initialValue: this.form.getRawValue() },
  );

  protected readonly patientState = signal<PatientState>({ status: 'loading' });
  private readonly patient = computed(() => {
    const state = this.patientState();
    return state.status === 'loaded' ? state.patient : null;
  });

  private readonly clinicContext = inject(ClinicContext);
  /** The patient's clinic's time zone: the start time is typed and read in it. */
  private readonly timeZone = computed(() => {
    const patient = this.patient();
    return patient ? this.clinicContext.timeZoneOf(patient.clinicId) : undefined;
  });
  protected readonly timeHint = computed(() => {
    const patient = this.patient();
    const clinic = this.clinicContext.clinics().find((c) => c.id === patient?.clinicId);
    return timeZoneHint(clinic?.name ?? null, this.timeZone());
  });

  protected readonly routes = computed(() => routesFor(this.value().drug));
  protected readonly isIv = computed(() => this.value().route === 'iv');

  /** The weight the server will use: the one typed here, else the patient's (CLINICAL.md s2). */
  protected readonly effectiveWeight = computed(
    () => this.value().weightKg ?? this.patient()?.weightKg ?? null,
  );
  /** The clinic's thresholds (dose limits, s2 v2; misuse cap); null: s2 and defaults (server checks). */
  private readonly clinicThresholds = signal<ClinicThresholds | null>(null);
  private readonly clinicLimits = computed(() => this.clinicThresholds()?.doseLimits ?? null);
  /** The patient's sessions and flags (null until loaded): the pre-fill and the warnings. */
  private readonly sessions = signal<SessionSummaryDto[] | null>(null);
  private readonly flags = signal<FlagDto[] | null>(null);
  protected readonly historyError = signal(false);
  /** The patient's course that has not ended (null: none, or not loaded). */
  protected readonly course = signal<CourseDto | null>(null);
  /** The course's proposal the form was pre-filled from (CLINICAL.md s8), for the hint. */
  protected readonly proposal = computed(() => {
    const course = this.course();
    const { drug, route } = this.value();
    return course?.nextDue && course.drug === drug && course.route === route
      ? course.nextDue
      : null;
  });
  protected readonly allowedDoses = computed(() => {
    const proposal = this.proposal();
    return proposal ? allowedDosesText(proposal) : '';
  });
  /** The server refused the order for want of a course (422 naming courseId): link to start one. */
  protected readonly needsCourse = computed(() => {
    const server = this.server();
    return server.status === 422 && server.general.some((m) => /\bcourseId\b/.test(m));
  });
  /** The session the dose was pre-filled from (same drug and route), for the hint. */
  protected readonly prefilledFrom = signal<SessionSummaryDto | null>(null);
  /** Warnings shown before saving (CLINICAL.md s3 v2, s4): each asks to confirm. */
  protected readonly warnings = computed(() => {
    const value = this.value();
    // The course's protocol and phase decide (CLINICAL.md s8), as the rules will after the order.
    const course = this.course();
    const inCourse =
      course !== null && course.drug === value.drug && course.route === value.route ? course : null;
    const doseMg = value.doseMg;
    return orderWarnings({
      at: localInputToIso(value.startedAt, this.timeZone()) ?? new Date().toISOString(),
      sessions: this.sessions() ?? [],
      flags: this.flags() ?? [],
      thresholds: this.clinicThresholds() ?? DEFAULT_THRESHOLDS,
      course: inCourse === null ? null : { ...inCourse, protocol: inCourse.protocol ?? null },
      dose:
        doseMg === null || !Number.isFinite(doseMg)
          ? null
          : {
              doseMg,
              doseMgPerKg: checkDose({
                drug: value.drug,
                route: value.route,
                doseMg,
                weightKg: this.effectiveWeight(),
                limits: this.clinicLimits(),
              }).doseMgPerKg,
            },
      timeZone: this.timeZone(),
    });
  });
  protected readonly confirming = signal(false);
  protected readonly timing = computed(() => this.value().timing);
  /** Live dose per kg and limit checks, by checkDose() from shared (the server's own check). */
  protected readonly dose = computed(() => {
    const value = this.value();
    return summarizeDose(
      value.drug,
      value.route,
      value.doseMg,
      this.effectiveWeight(),
      this.clinicLimits(),
    );
  });
  /** IV ketamine requires the infusion length (CLINICAL.md s2 v2). */
  private readonly infusionMissing = computed(
    () => this.value().route === 'iv' && this.value().infusionMinutes === null,
  );

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);

  private readonly formElement = viewChild.required<ElementRef<HTMLFormElement>>('formElement');

  constructor() {
    this.clinicContext.load();
    // "Now" in the clinic's zone once it is known, unless the time was already typed.
    effect(() => {
      const timeZone = this.timeZone();
      untracked(() => {
        const startedAt = this.form.controls.startedAt;
        if (!startedAt.dirty) {
          startedAt.setValue(toLocalInputValue(new Date(), timeZone));
        }
      });
    });
    // Esketamine is intranasal only (CLINICAL.md s2): the form offers no other route for it.
    this.form.controls.drug.valueChanges.pipe(takeUntilDestroyed()).subscribe((drug) => {
      const allowed = routesFor(drug);
      const route = this.form.controls.route;
      if (!allowed.includes(route.value)) {
        route.setValue(allowed[0]);
      }
      if (allowed.length === 1) {
        route.disable();
      } else {
        route.enable();
      }
    });

    inject(ActivatedRoute)
      .paramMap.pipe(
        map((params) => params.get('patientId') ?? ''),
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
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.patientState.set(state);
        const weightControl = this.form.controls.weightKg;
        if (state.status === 'loaded' && weightControl.value === null && !weightControl.dirty) {
          weightControl.setValue(state.patient.weightKg);
        }
        if (state.status === 'loaded') {
          this.loadClinicLimits(state.patient.clinicId);
          this.loadHistory(state.patient.id);
        }
      });

    for (const field of FIELDS) {
      const control: AbstractControl = this.form.controls[field];
      control.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.clearServerError(field));
    }
    // A change after the warnings were shown: they are shown again before the next save.
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.confirming.set(false));
    this.form.controls.route.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.prefillDose());
    // A proposal in mg/kg follows the weight until the dose is typed.
    this.form.controls.weightKg.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.proposal()?.unit === 'mg_per_kg') this.prefillDose();
    });
  }

  protected errorFor(field: Field): string | null {
    const server = [
      ...(this.server().fields[field] ?? []),
      ...(field === 'startedAt' ? (this.server().fields['plannedAt'] ?? []) : []),
    ];
    if (server.length) {
      return server.join(' ');
    }
    const control = this.form.controls[field];
    if (field === 'infusionMinutes' && this.submitted() && this.infusionMissing()) {
      return 'Enter the infusion length: minimum monitoring counts from the end of the infusion';
    }
    if (!this.submitted() || control.valid || control.disabled) {
      return null;
    }
    return clientError(field, control, this.value().timing);
  }

  protected submit(confirmed = false): void {
    if (this.busy() || this.dose().errors.length > 0) {
      return;
    }
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const startedAt = localInputToIso(this.form.controls.startedAt.value, this.timeZone());
    if (this.form.invalid || startedAt === null || this.infusionMissing()) {
      this.focusFirstInvalid();
      return;
    }
    // The warnings are shown before saving and the psychiatrist confirms them (issue 20).
    if (!confirmed && this.warnings().length > 0) {
      this.confirming.set(true);
      return;
    }
    const value = this.form.getRawValue();
    const medications = medicationList(value.concomitantMedications);
    const request: CreateSessionRequest = {
      drug: value.drug,
      route: value.route,
      doseMg: value.doseMg ?? 0,
      ...(value.timing === 'planned' ? { plannedAt: startedAt } : { startedAt }),
      ...(value.weightKg === null ? {} : { weightKg: value.weightKg }),
      ...(value.route === 'iv' && value.infusionMinutes !== null
        ? { infusionMinutes: value.infusionMinutes }
        : {}),
      ...(value.lotNumber.trim() ? { lotNumber: value.lotNumber.trim() } : {}),
      ...(medications.length > 0 ? { concomitantMedications: medications } : {}),
      ...(value.notes.trim() ? { notes: value.notes.trim() } : {}),
    };
    this.busy.set(true);
    const patientId = this.patientId();
    this.sessionsApi
      .create(patientId, request, this.keys.keyFor({ patientId, request }))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.keys.settled();
          void this.router.navigate(['/patients', patientId]);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(serverErrors(error, SERVER_FIELD_LABELS));
          this.focusFirstInvalid();
        },
      });
  }

  private loadClinicLimits(clinicId: string): void {
    this.assessmentsApi
      .clinicThresholds(clinicId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (dto) => this.clinicThresholds.set(dto.thresholds),
        error: () => this.clinicThresholds.set(null),
      });
  }

  /** The latest sessions and the flags (pre-fill and warnings); without them the server still checks. */
  private loadHistory(patientId: string): void {
    // The active course's proposal (next date and dose); without it the form works as before.
    this.coursesApi
      .courses(patientId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          const course = activeCourse(page.items);
          this.course.set(course);
          if (course?.nextDue) {
            this.prefillFromCourse(course);
          }
        },
        error: () => this.course.set(null),
      });
    this.sessionsApi
      .listForPatient(patientId, 50, 0)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.sessions.set(page.items);
          const last = lastGivenSession(page.items);
          if (last && !this.form.controls.doseMg.dirty && this.course()?.nextDue == null) {
            this.form.controls.drug.setValue(last.drug);
            this.form.controls.route.setValue(last.route);
          }
          this.prefillDose();
        },
        error: () => this.historyError.set(true),
      });
    this.flagsApi
      .listForPatient(patientId, 100, 0)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => this.flags.set(page.items),
        error: () => this.historyError.set(true),
      });
  }

  /**
   * The course's proposal (CLINICAL.md s8): its drug and route, the planned day (the earliest the
   * protocol allows, never before today; the time as typed) and the dose, unless typed.
   */
  private prefillFromCourse(course: CourseDto): void {
    const proposal = course.nextDue;
    if (!proposal) return;
    if (!this.form.controls.doseMg.dirty) {
      this.form.controls.drug.setValue(course.drug);
      this.form.controls.route.setValue(course.route);
    }
    const startedAt = this.form.controls.startedAt;
    if (!startedAt.dirty && this.form.controls.timing.value === 'planned') {
      const now = toLocalInputValue(new Date(), this.timeZone());
      const day =
        proposal.earliestDate > now.slice(0, 10) ? proposal.earliestDate : now.slice(0, 10);
      startedAt.setValue(`${day}T${now.slice(11)}`);
    }
    this.prefillDose();
  }

  /**
   * The dose, unless typed: the course's proposal for its drug and route (mg, or mg/kg times the
   * weight), else that of the last session of this drug and route (and its infusion length).
   */
  private prefillDose(): void {
    const dose = this.form.controls.doseMg;
    if (dose.dirty) return;
    // The controls' values, not `proposal()`: the form's value signal lags behind a control's change.
    const raw = this.form.getRawValue();
    const course = this.course();
    const proposal =
      course?.drug === raw.drug && course.route === raw.route ? course.nextDue : null;
    if (proposal) {
      this.prefilledFrom.set(null);
      // The control's weight (the form's value signal lags behind a control's own change).
      const weightKg = this.form.controls.weightKg.value ?? this.patient()?.weightKg ?? null;
      dose.setValue(proposedDoseMg(proposal, weightKg));
      return;
    }
    if (this.sessions() === null) return;
    const { drug, route } = this.form.getRawValue();
    const last = lastGivenSession(this.sessions() ?? [], drug, route);
    this.prefilledFrom.set(last);
    dose.setValue(last?.doseMg ?? null);
    if (last?.infusionMinutes && !this.form.controls.infusionMinutes.dirty) {
      this.form.controls.infusionMinutes.setValue(last.infusionMinutes);
    }
  }

  private clearServerError(field: Field): void {
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }

  /** After the next render (the messages are in the page by then), focus the first one. */
  private focusFirstInvalid(): void {
    afterNextRender(() => this.focusNow(), { injector: this.injector });
  }

  private focusNow(): void {
    const form = this.formElement().nativeElement;
    const general = form.querySelector<HTMLElement>('[data-testid="session-form-errors"]');
    const first = FIELDS.find((field) => this.errorFor(field) !== null);
    const target =
      general ?? (first ? form.querySelector<HTMLElement>(`[data-field="${first}"]`) : null);
    target?.focus();
  }
}
