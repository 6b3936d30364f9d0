import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  type CourseDto,
  courseRecords,
  DEFAULT_THRESHOLDS,
  type EnteredInErrorDto,
  type PatientDto,
  type PatientResponseDto,
  sessionGiven,
} from '@clinic/shared';
import { type Observable, catchError, filter, forkJoin, map, of, startWith, switchMap } from 'rxjs';

import { AssessmentsApi } from '../../api/assessments.api';
import { CoursesApi } from '../../api/courses.api';
import { FlagsApi } from '../../api/flags.api';
import { PatientsApi } from '../../api/patients.api';
import { SessionsApi } from '../../api/sessions.api';
import { CourseChartComponent } from '../../charts/course-chart.component';
import { courseChartModel } from '../../charts/course-chart.data';
import { ResponseChartComponent } from '../../charts/response-chart.component';
import { type ResponseThresholds, responseChartModel } from '../../charts/response-chart.data';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { listAll } from '../../core/http/list-all';
import { inEffect } from '../../ui/entered-in-error';
import { AMENDABLE_LABELS } from '../../ui/labels';
import { CourseSummaryComponent } from './course-summary.component';
import { CourseTimelineComponent } from './course-timeline.component';
import { COURSE_KIND_LABELS, latestCourse } from '../../ui/course-wording';
import { formatDate } from '../../ui/format';
import { FollowUpsComponent } from '../../ui/follow-ups.component';
import { PatientExportsComponent } from './patient-exports.component';
import { courseSummary } from './course-summary';
import { patientActions } from './patient-actions';
import { PatientFlagsComponent } from './patient-flags.component';
import { patientDisplayName } from '../../ui/patient-format';
import { PatientHeaderComponent } from './patient-header.component';
import {
  type PatientPageState,
  type PatientRecord,
  type Section,
  loadedValue,
} from './patient-record';
import { Phq9HistoryComponent } from './phq9-history.component';
import { RiskEventsTableComponent } from './risk-events-table.component';
import { SessionsTableComponent } from './sessions-table.component';
import { SideEffectsTableComponent } from './side-effects-table.component';
import { SuicideRiskSummaryComponent } from './suicide-risk-summary.component';

const LOADING: PatientPageState = { status: 'loading' };

/** The response of a course chosen in the switcher: null when none is chosen (the latest). */
type ChosenResponse = { status: 'loading' } | Section<PatientResponseDto> | null;

function section<T>(source: Observable<T>): Observable<Section<T>> {
  return source.pipe(
    map((value): Section<T> => ({ status: 'loaded', value })),
    catchError(() => of<Section<T>>({ status: 'error' })),
  );
}

interface PatientHead {
  patient: PatientDto;
  thresholds: ResponseThresholds;
  clinicThresholds: boolean;
}

/**
 * A patient's record at /patients/:id: who they are, the course at a glance, the 24-72 h response
 * chart and the course chart, flags, sessions, PHQ-9 history, side effects and risk events.
 * Everything is requested at once and shown together (one layout, no shifting as parts arrive);
 * a part that fails says so in its place while the rest shows.
 */
@Component({
  selector: 'app-patient-page',
  imports: [
    RouterLink,
    PatientHeaderComponent,
    CourseSummaryComponent,
    CourseTimelineComponent,
    ResponseChartComponent,
    CourseChartComponent,
    PatientFlagsComponent,
    SessionsTableComponent,
    FollowUpsComponent,
    Phq9HistoryComponent,
    SideEffectsTableComponent,
    RiskEventsTableComponent,
    PatientExportsComponent,
    SuicideRiskSummaryComponent,
  ],
  templateUrl: './patient.page.html',
  styleUrl: './patient.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientPage {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly patientsApi = inject(PatientsApi);
  private readonly sessionsApi = inject(SessionsApi);
  private readonly assessmentsApi = inject(AssessmentsApi);
  private readonly flagsApi = inject(FlagsApi);
  private readonly coursesApi = inject(CoursesApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly attempt = signal(0);
  /** Bumped after a record is marked entered in error: reload without blanking the page. */
  private readonly refresh = signal(0);
  /** The patient on screen (a reload of the same patient is quiet). */
  private lastLoadedId: string | null = null;
  protected readonly announcement = signal('');

  protected readonly state = toSignal(
    toObservable(
      computed(() => ({ id: this.id(), attempt: this.attempt(), refresh: this.refresh() })),
    ).pipe(switchMap(({ id }) => this.load(id, id === this.lastLoadedId))),
    { initialValue: LOADING },
  );

  protected readonly record = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.record : null;
  });
  protected readonly name = computed(() => {
    const record = this.record();
    return record ? patientDisplayName(record.patient) : '';
  });
  protected readonly timeZone = computed(() => {
    const record = this.record();
    return record ? this.clinicContext.timeZoneOf(record.patient.clinicId) : undefined;
  });
  protected readonly clinicName = computed(() => {
    const record = this.record();
    return (
      this.clinicContext.clinics().find((clinic) => clinic.id === record?.patient.clinicId)?.name ??
      null
    );
  });
  protected readonly sessions = computed(() => {
    const record = this.record();
    return record ? loadedValue(record.sessions) : null;
  });
  protected readonly summary = computed(() => {
    const record = this.record();
    return record
      ? courseSummary(
          loadedValue(record.sessions),
          loadedValue(record.response),
          loadedValue(record.phq9),
          loadedValue(record.flags),
        )
      : null;
  });
  protected readonly actions = computed(() => {
    const record = this.record();
    return record
      ? patientActions(this.auth.role(), record.patient.id, this.summary()?.inProgress ?? null)
      : [];
  });
  /** Psychiatrists and nurses mark observations, PHQ-9s, side effects and risk events entered in error. */
  protected readonly canAmend = computed(() => {
    const role = this.auth.role();
    return role === 'psychiatrist' || role === 'nurse';
  });
  /** Sessions: psychiatrists only (API.md). */
  protected readonly canAmendSessions = computed(() => this.auth.role() === 'psychiatrist');
  protected readonly canMonitor = computed(() => {
    const role = this.auth.role();
    return role === 'psychiatrist' || role === 'nurse';
  });
  /** Exports are for psychiatrists and managers (API.md roles). */
  protected readonly canExport = computed(() => {
    const role = this.auth.role();
    return role === 'psychiatrist' || role === 'manager';
  });
  /** The newest session (the list is newest first), whose follow-up links staff send. */
  /** The latest dose given (an order not started has no follow-ups). */
  protected readonly latestSession = computed(
    () => inEffect(this.sessions() ?? []).find((s) => sessionGiven(s.status)) ?? null,
  );
  protected readonly sessionNumbers = computed(
    () => new Map((this.sessions() ?? []).map((s) => [s.id, s.sessionNumber])),
  );
  /** The patient's courses, newest first (empty while loading or when they failed). */
  protected readonly courses = computed(() => {
    const record = this.record();
    const courses = record ? (loadedValue(record.courses) ?? []) : [];
    return [...courses].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  });
  /** Psychiatrists screen, start, move and end courses. */
  protected readonly canManageCourses = computed(() => this.auth.role() === 'psychiatrist');
  /** The course the response chart shows: the one chosen, else the latest (the server's default). */
  protected readonly chosenCourseId = signal<string | null>(null);
  protected readonly shownCourseId = computed(
    () => this.chosenCourseId() ?? latestCourse(this.courses())?.id ?? null,
  );
  /**
   * The response of the chosen course, fetched when one other than the latest is chosen (the
   * record's own response is the latest course's); null while it loads.
   */
  private readonly chosenResponse = toSignal(
    toObservable(computed(() => ({ id: this.id(), courseId: this.chosenCourseId() }))).pipe(
      switchMap(({ id, courseId }) =>
        courseId === null
          ? of<ChosenResponse>(null)
          : section(this.assessmentsApi.response(id, courseId)).pipe(
              startWith<ChosenResponse>({ status: 'loading' }),
            ),
      ),
    ),
    { initialValue: null },
  );
  protected readonly responseLoading = computed(() => this.chosenResponse()?.status === 'loading');
  protected courseOption(course: CourseDto): string {
    return `${COURSE_KIND_LABELS[course.kind]}${course.protocolName ? `, ${course.protocolName}` : ''}, from ${formatDate(course.startedAt, this.timeZone())}`;
  }
  protected chooseCourse(courseId: string): void {
    this.chosenCourseId.set(courseId === latestCourse(this.courses())?.id ? null : courseId);
  }
  /** After a course action: say what happened and reload the record in place. */
  protected courseChanged(message: string): void {
    this.announcement.set(message);
    this.reloadQuietly();
  }
  protected readonly shownResponse = computed((): Section<PatientResponseDto> | null => {
    const chosen = this.chosenResponse();
    if (chosen !== null) {
      return chosen.status === 'loading' ? null : chosen;
    }
    const record = this.record();
    return record ? record.response : null;
  });
  protected readonly responseChart = computed(() => {
    const record = this.record();
    const shown = this.shownResponse();
    const response = shown ? loadedValue(shown) : null;
    const phq9 = record ? loadedValue(record.phq9) : null;
    if (!record || !response || !phq9 || response.sessions.length === 0) {
      return null;
    }
    return responseChartModel(response, phq9, record.thresholds);
  });
  protected readonly courseChart = computed(() => {
    const record = this.record();
    const phq9 = record ? loadedValue(record.phq9) : null;
    const sessions = this.sessions();
    if (!record || !phq9 || !sessions) {
      return null;
    }
    // Only doses given are on the course chart (v2: an order not started, or cancelled, is none).
    const given = sessions.filter((s) => sessionGiven(s.status));
    const courseId = this.shownCourseId();
    const shown = this.shownResponse();
    const response = shown ? loadedValue(shown) : null;
    if (courseId === null) {
      return courseChartModel(phq9, given, response?.baseline?.total ?? null, record.thresholds);
    }
    // v2 (CLINICAL.md s5, s8): the switcher's course only: its sessions, numbered within it, and
    // its PHQ-9s (from 30 days before its first session until the next course starts), against
    // its own baseline (the shared courseRecords, as the server's response).
    const own = courseRecords({ courses: this.courses(), sessions: given, phq9 }, courseId);
    if (own === null) {
      return null;
    }
    const numbered = own.sessions.map((s) => ({
      ...s,
      sessionNumber: s.courseSessionNumber ?? s.sessionNumber,
    }));
    const baseline = response?.courseId === courseId ? (response.baseline?.total ?? null) : null;
    return courseChartModel(own.phq9, numbered, baseline, record.thresholds);
  });

  protected retry(): void {
    this.attempt.update((attempt) => attempt + 1);
  }

  /**
   * A record was marked entered in error: say so, reload the record in place (charts, scores and
   * flags change with it) and put the focus on the section's heading.
   */
  protected amended(result: EnteredInErrorDto, headingId: string): void {
    this.announcement.set(`${AMENDABLE_LABELS[result.resourceType]} marked entered in error.`);
    this.reloadQuietly();
    afterNextRender(
      () => {
        this.host.nativeElement.querySelector<HTMLElement>(`[id="${headingId}"]`)?.focus();
      },
      { injector: this.injector },
    );
  }

  /** After a 412 or a mark: fetch the record again, keeping the page on screen. */
  protected reloadQuietly(): void {
    this.refresh.update((n) => n + 1);
  }

  private load(id: string, quiet = false): Observable<PatientPageState> {
    const head = this.patientsApi.get(id).pipe(
      switchMap((patient) =>
        this.assessmentsApi.clinicThresholds(patient.clinicId).pipe(
          map((dto): PatientHead => ({
            patient,
            thresholds: dto.thresholds.response,
            clinicThresholds: true,
          })),
          catchError(() =>
            of<PatientHead>({
              patient,
              thresholds: DEFAULT_THRESHOLDS.response,
              clinicThresholds: false,
            }),
          ),
        ),
      ),
    );
    return forkJoin({
      head,
      sessions: section(
        listAll((limit, offset) => this.sessionsApi.listForPatient(id, limit, offset)),
      ),
      phq9: section(listAll((limit, offset) => this.assessmentsApi.listPhq9(id, limit, offset))),
      response: section(this.assessmentsApi.response(id)),
      courses: section(listAll((limit, offset) => this.coursesApi.courses(id, limit, offset))),
      sideEffects: section(
        listAll((limit, offset) => this.assessmentsApi.listSideEffects(id, limit, offset)),
      ),
      riskEvents: section(
        listAll((limit, offset) => this.assessmentsApi.listRiskEvents(id, limit, offset)),
      ),
      flags: section(listAll((limit, offset) => this.flagsApi.listForPatient(id, limit, offset))),
    }).pipe(
      map(({ head: { patient, thresholds, clinicThresholds }, ...parts }): PatientPageState => {
        const record: PatientRecord = { patient, thresholds, clinicThresholds, ...parts };
        this.lastLoadedId = id;
        return { status: 'loaded', record };
      }),
      catchError((error: unknown) =>
        // 404: unknown, or of a clinic the user does not belong to (API.md); 400: not an id.
        of<PatientPageState>(
          error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)
            ? { status: 'not-found' }
            : { status: 'error' },
        ),
      ),
      // A quiet reload keeps the page on screen; a failed one keeps it too.
      quiet
        ? (source) => source.pipe(filter((next) => next.status === 'loaded'))
        : startWith(LOADING),
    );
  }
}
