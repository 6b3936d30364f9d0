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
import { LowerCasePipe } from '@angular/common';
import { Router, RouterLink } from '@angular/router';
import type {
  CourseDto,
  CourseKind,
  CreateCourseRequest,
  PatientDto,
  ProtocolDto,
  ScreeningDto,
} from '@clinic/shared';
import { catchError, forkJoin, map, of, startWith, switchMap } from 'rxjs';

import { CoursesApi } from '../../api/courses.api';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { PatientsApi } from '../../api/patients.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { listAll } from '../../core/http/list-all';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { formatCalendarDate, formatDate } from '../../ui/format';
import { DRUG_LABELS } from '../../ui/labels';
import { patientDisplayName } from '../../ui/patient-format';
import { type Choice, ChoiceGroupComponent } from '../../ui/form/choice-group.component';
import {
  COURSE_KIND_LABELS,
  COURSE_PHASE_LABELS,
  SCREENING_ITEM_LABELS,
  SCREENING_RESULT_LABELS,
  activeCourse,
  courseServerErrors,
  defaultCourseKind,
  latestValidScreening,
  protocolInWords,
} from '../../ui/course-wording';

interface StartData {
  patient: PatientDto;
  screenings: ScreeningDto[];
  courses: CourseDto[];
  protocols: ProtocolDto[];
}

type State =
  | { status: 'loading' }
  | { status: 'loaded'; data: StartData }
  | { status: 'error'; message: string };

export const COURSE_FIELD_LABELS: Readonly<Record<string, string>> = {
  screeningId: 'Screening',
  protocolId: 'Protocol',
  kind: 'Kind of course',
  overrideReason: 'Override reason',
};

const KIND_CHOICES: readonly Choice<CourseKind>[] = [
  { value: 'initial', label: COURSE_KIND_LABELS.initial },
  { value: 'reinduction', label: COURSE_KIND_LABELS.reinduction },
];

/**
 * `/record/course/:patientId?screeningId=` (psychiatrists): start a treatment course
 * (CLINICAL.md s8) from a valid screening and a protocol of its drug. A contraindicated screening
 * needs an override reason (the server raises `screening.override`); a patient whose course has
 * not ended is sent to end it first.
 */
@Component({
  selector: 'app-start-course-page',
  imports: [RouterLink, LowerCasePipe, ChoiceGroupComponent, ...FIELD, FormErrorsComponent],
  templateUrl: './start-course.page.html',
  styleUrls: ['../../ui/record-form.css', './courses.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StartCoursePage {
  readonly patientId = input.required<string>();
  /** `?screeningId=`: the screening just saved (else the latest valid one). */
  readonly screeningId = input<string | undefined>(undefined);

  private readonly coursesApi = inject(CoursesApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly router = inject(Router);
  private readonly keys = new IdempotencyKeys();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly displayName = patientDisplayName;
  protected readonly formatCalendarDate = formatCalendarDate;
  protected readonly resultLabels = SCREENING_RESULT_LABELS;
  protected readonly itemLabels = SCREENING_ITEM_LABELS;
  protected readonly phaseLabels = COURSE_PHASE_LABELS;
  protected readonly drugLabels = DRUG_LABELS;
  protected readonly kindChoices = KIND_CHOICES;
  protected readonly words = protocolInWords;

  protected readonly state = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((id) =>
        this.patientsApi.get(id).pipe(
          switchMap((patient) =>
            forkJoin({
              screenings: listAll((limit, offset) => this.coursesApi.screenings(id, limit, offset)),
              courses: listAll((limit, offset) => this.coursesApi.courses(id, limit, offset)),
              protocols: this.coursesApi.protocols(patient.clinicId).pipe(map((l) => l.items)),
            }).pipe(map((rest): StartData => ({ patient, ...rest }))),
          ),
          map((data): State => ({ status: 'loaded', data })),
          catchError((error: unknown) =>
            of<State>({ status: 'error', message: serverErrors(error, {}).general.join(' ') }),
          ),
          startWith<State>({ status: 'loading' }),
        ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );

  private readonly data = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.data : null;
  });
  private readonly timeZone = computed(() => {
    const data = this.data();
    return data ? this.clinicContext.timeZoneOf(data.patient.clinicId) : undefined;
  });

  /** The screenings a course may start from (not past their 30 days), newest first. */
  protected readonly validScreenings = computed(() => {
    const now = new Date();
    return (this.data()?.screenings ?? [])
      .filter((s) => Date.parse(s.validUntil) >= now.getTime())
      .sort((a, b) => Date.parse(b.screenedAt) - Date.parse(a.screenedAt));
  });
  protected readonly chosenScreeningId = linkedSignal(() => {
    const valid = this.validScreenings();
    const asked = this.screeningId();
    return (
      valid.find((s) => s.id === asked)?.id ?? latestValidScreening(valid, new Date())?.id ?? null
    );
  });
  protected readonly screening = computed(
    () => this.validScreenings().find((s) => s.id === this.chosenScreeningId()) ?? null,
  );
  protected readonly active = computed(() => activeCourse(this.data()?.courses ?? []));
  /** The protocols of the screening's drug: built-ins first, then the clinic's. */
  protected readonly protocols = computed(() => {
    const drug = this.screening()?.drug;
    return (this.data()?.protocols ?? [])
      .filter((p) => p.drug === drug)
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn));
  });
  protected readonly protocolId = linkedSignal<string | null>(() => {
    this.screening();
    return null;
  });
  protected readonly kind = linkedSignal<CourseKind | null>(() =>
    defaultCourseKind(this.data()?.courses ?? []),
  );
  protected readonly overrideReason = signal('');
  protected readonly contraindicated = computed(
    () => this.screening()?.result === 'contraindicated',
  );

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);

  protected readonly otherErrors = computed(() => {
    const { fields, general } = this.server();
    return [
      ...general,
      ...Object.entries(fields)
        .filter(([field]) => !(field in COURSE_FIELD_LABELS))
        .flatMap(([, messages]) => messages),
    ];
  });

  private serverError(field: string): string | null {
    return this.server().fields[field]?.join(' ') ?? null;
  }

  protected readonly screeningError = computed(() => this.serverError('screeningId'));
  protected readonly protocolError = computed(
    () =>
      this.serverError('protocolId') ??
      (this.submitted() && this.protocolId() === null ? 'Choose the protocol of the course' : null),
  );
  protected readonly kindError = computed(() => this.serverError('kind'));
  protected readonly overrideError = computed(
    () =>
      this.serverError('overrideReason') ??
      (this.submitted() && this.contraindicated() && this.overrideReason().trim().length < 3
        ? 'Give the reason to start despite the contraindication'
        : null),
  );

  protected date(at: string): string {
    return formatDate(at, this.timeZone());
  }

  protected chooseScreening(id: string): void {
    this.chosenScreeningId.set(id);
    this.clear('screeningId');
  }

  protected chooseProtocol(id: string): void {
    this.protocolId.set(id);
    this.clear('protocolId');
  }

  protected chooseKind(kind: CourseKind | null): void {
    this.kind.set(kind);
    this.clear('kind');
  }

  protected setOverride(text: string): void {
    this.overrideReason.set(text);
    this.clear('overrideReason');
  }

  protected submit(): void {
    if (this.busy()) return;
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const screening = this.screening();
    const protocolId = this.protocolId();
    const kind = this.kind();
    if (
      screening === null ||
      protocolId === null ||
      kind === null ||
      this.overrideError() !== null
    ) {
      focusFirstInvalid(() => this.host.nativeElement, this.injector);
      return;
    }
    const request: CreateCourseRequest = {
      protocolId,
      screeningId: screening.id,
      kind,
      ...(this.contraindicated() ? { overrideReason: this.overrideReason().trim() } : {}),
    };
    const patientId = this.patientId();
    this.busy.set(true);
    this.coursesApi
      .createCourse(patientId, request, this.keys.keyFor({ patientId, request }))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.keys.settled();
          void this.router.navigate(['/patients', patientId]);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(courseServerErrors(error, COURSE_FIELD_LABELS));
          focusFirstInvalid(() => this.host.nativeElement, this.injector);
        },
      });
  }

  private clear(field: string): void {
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }
}
