import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  type CourseSummaryDto,
  type CourseSummaryPhq9Dto,
  DEFAULT_THRESHOLDS,
  type ResponseStatus,
} from '@clinic/shared';
import { catchError, map, of, switchMap } from 'rxjs';

import { AssessmentsApi } from '../../api/assessments.api';
import { CoursesApi } from '../../api/courses.api';
import {
  type ResponseChartModel,
  type ResponseThresholds,
  responseChartModel,
} from '../../charts/response-chart.data';
import { ResponsePrintChartComponent } from '../../charts/response-print-chart.component';
import {
  COURSE_END_REASON_LABELS,
  COURSE_KIND_LABELS,
  COURSE_PHASE_LABELS,
  SCREENING_ITEM_LABELS,
  SCREENING_RESULT_LABELS,
  protocolInWords,
} from '../../ui/course-wording';
import {
  formatCalendarDate,
  formatChangePct,
  formatDate,
  formatDateTime,
  formatMg,
  formatMgPerKg,
} from '../../ui/format';
import {
  DRUG_LABELS,
  FLAG_SEVERITY_LABELS,
  FLAG_STATUS_LABELS,
  PHQ9_SEVERITY_LABELS,
  RECALL_LABELS,
  RESPONSE_STATUS_LABELS,
  ROUTE_LABELS,
  SESSION_STATUS_LABELS,
  SIDE_EFFECT_LABELS,
  SIDE_EFFECT_SEVERITY_LABELS,
  seriousText,
} from '../../ui/labels';
import { patientDisplayName, sexLabel } from '../../ui/patient-format';

type PageState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error' }
  | { status: 'loaded'; summary: CourseSummaryDto; thresholds: ResponseThresholds };

/** The chart's model from the summary: its response and PHQ-9s (none entered in error: the API left them out). */
export function summaryChartModel(
  summary: CourseSummaryDto,
  thresholds: ResponseThresholds,
): ResponseChartModel | null {
  if (summary.response.sessions.length === 0) {
    return null;
  }
  const phq9 = summary.phq9.map((p) => ({ ...p, enteredInError: null }));
  return responseChartModel(summary.response, phq9, thresholds);
}

/** A PHQ-9 row's category in words: the baseline, or its category against the baseline. */
export function phq9CategoryText(row: CourseSummaryPhq9Dto): string {
  if (row.baseline) return 'Course baseline';
  if (!row.valid) return 'Not scored (3 or more items missing)';
  return row.category === null ? '—' : RESPONSE_STATUS_LABELS[row.category];
}

/**
 * `/patients/:id/course-summary?courseId=`: one treatment course on paper, for referral letters
 * and prior authorisation (API.md "REMS and printing (v2)"): patient, course and protocol,
 * screening, sessions with doses, PHQ-9 history with the response chart drawn for print, side
 * effects and flags. A plain document: the print stylesheet drops the application around it and
 * fits A4 and US Letter.
 */
@Component({
  selector: 'app-course-summary-print-page',
  imports: [RouterLink, ResponsePrintChartComponent],
  templateUrl: './course-summary-print.page.html',
  styleUrl: './course-summary-print.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseSummaryPrintPage {
  /** The route's `:id` (the patient). */
  readonly id = input.required<string>();
  /** The query's `courseId` (default: the latest course). */
  readonly courseId = input<string | undefined>(undefined);

  private readonly courses = inject(CoursesApi);
  private readonly assessments = inject(AssessmentsApi);

  protected readonly state = signal<PageState>({ status: 'loading' });
  private readonly reload = signal(0);

  protected readonly summary = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.summary : null;
  });
  protected readonly chart = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? summaryChartModel(state.summary, state.thresholds) : null;
  });
  protected readonly protocolWords = computed(() => {
    const protocol = this.summary()?.protocol;
    return protocol ? protocolInWords(protocol) : null;
  });
  private readonly timeZone = computed(() => this.summary()?.clinic.timeZone);

  protected readonly drugs = DRUG_LABELS;
  protected readonly routes = ROUTE_LABELS;
  protected readonly kinds = COURSE_KIND_LABELS;
  protected readonly phases = COURSE_PHASE_LABELS;
  protected readonly endReasons = COURSE_END_REASON_LABELS;
  protected readonly screeningItems = SCREENING_ITEM_LABELS;
  protected readonly screeningResults = SCREENING_RESULT_LABELS;
  protected readonly sessionStatuses = SESSION_STATUS_LABELS;
  protected readonly severities = PHQ9_SEVERITY_LABELS;
  protected readonly recalls = RECALL_LABELS;
  protected readonly sideEffects = SIDE_EFFECT_LABELS;
  protected readonly sideEffectSeverities = SIDE_EFFECT_SEVERITY_LABELS;
  protected readonly flagSeverities = FLAG_SEVERITY_LABELS;
  protected readonly flagStatuses = FLAG_STATUS_LABELS;
  protected readonly seriousText = seriousText;
  protected readonly name = patientDisplayName;
  protected readonly sexOf = sexLabel;
  protected readonly birthDate = formatCalendarDate;
  protected readonly change = formatChangePct;
  protected readonly mg = formatMg;
  protected readonly mgPerKg = formatMgPerKg;
  protected readonly categoryText = phq9CategoryText;

  constructor() {
    toObservable(computed(() => ({ id: this.id(), courseId: this.courseId(), n: this.reload() })))
      .pipe(
        switchMap(({ id, courseId }) =>
          this.courses.summary(id, courseId).pipe(
            switchMap((summary) =>
              this.assessments.clinicThresholds(summary.clinic.id).pipe(
                map((dto) => dto.thresholds.response),
                // The server's numbers stand; only the chart's lines fall back to the defaults.
                catchError(() => of(DEFAULT_THRESHOLDS.response)),
                map((thresholds): PageState => ({ status: 'loaded', summary, thresholds })),
              ),
            ),
            catchError((error: unknown) =>
              of<PageState>(
                error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)
                  ? { status: 'not-found' }
                  : { status: 'error' },
              ),
            ),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected date(at: string | null): string {
    return at === null ? '—' : formatDate(at, this.timeZone());
  }

  protected dateTime(at: string | null): string {
    return at === null ? '—' : formatDateTime(at, this.timeZone());
  }

  protected statusText(status: ResponseStatus): string {
    return RESPONSE_STATUS_LABELS[status];
  }

  protected retry(): void {
    this.state.set({ status: 'loading' });
    this.reload.update((n) => n + 1);
  }

  protected print(): void {
    window.print();
  }
}
