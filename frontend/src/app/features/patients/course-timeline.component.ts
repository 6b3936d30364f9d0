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
import { RouterLink } from '@angular/router';
import {
  COURSE_END_REASONS,
  type CourseDto,
  type CourseEndReason,
  type CourseProposalDto,
  type SessionSummaryDto,
} from '@clinic/shared';
import type { Observable } from 'rxjs';

import { CoursesApi } from '../../api/courses.api';
import { NO_ERRORS, type ServerErrors, isStale } from '../../api/http';
import { FIELD } from '../../ui/form/field.component';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { formatCalendarDate, formatDate } from '../../ui/format';
import { DRUG_LABELS, ROUTE_LABELS } from '../../ui/labels';
import {
  COURSE_END_REASON_LABELS,
  COURSE_KIND_LABELS,
  COURSE_PHASE_LABELS,
  SCREENING_ITEM_LABELS,
  SCREENING_RESULT_LABELS,
  allowedDosesText,
  courseServerErrors,
  courseSessionCounts,
} from '../../ui/course-wording';

type Action = { kind: 'maintenance' | 'end'; courseId: string } | null;

const ACTION_LABELS: Readonly<Record<string, string>> = {
  reason: 'Reason',
  note: 'Note',
  phase: 'Phase',
};

/**
 * The patient's treatment courses (CLINICAL.md s8), newest first: kind, protocol, the phases with
 * their dates (induction -> maintenance -> ended, with the end reason), the active course's
 * sessions ordered and given, the protocol's next due date and dose, the screening at a glance;
 * psychiatrists move a course to maintenance or end it here, with a reason.
 */
@Component({
  selector: 'app-course-timeline',
  imports: [RouterLink, ...FIELD, FormErrorsComponent],
  templateUrl: './course-timeline.component.html',
  styleUrl: './course-timeline.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseTimelineComponent {
  readonly patientId = input.required<string>();
  readonly courses = input.required<readonly CourseDto[]>();
  /** The patient's sessions (already loaded by the page: no request per course). */
  readonly sessions = input<readonly SessionSummaryDto[]>([]);
  /** Psychiatrists: screening, start, maintenance and end. */
  readonly canManage = input(false);
  readonly timeZone = input<string | undefined>(undefined);
  /** A course changed (phase, end) or was stale: the page reloads. */
  readonly changed = output<string>();

  private readonly api = inject(CoursesApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly kindLabels = COURSE_KIND_LABELS;
  protected readonly phaseLabels = COURSE_PHASE_LABELS;
  protected readonly endLabels = COURSE_END_REASON_LABELS;
  protected readonly endReasons = COURSE_END_REASONS;
  protected readonly resultLabels = SCREENING_RESULT_LABELS;
  protected readonly itemLabels = SCREENING_ITEM_LABELS;
  protected readonly drugLabels = DRUG_LABELS;
  protected readonly routeLabels = ROUTE_LABELS;
  protected readonly formatCalendarDate = formatCalendarDate;
  protected readonly allowedDoses = allowedDosesText;

  /** Newest first. */
  protected readonly ordered = computed(() =>
    [...this.courses()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)),
  );
  protected readonly active = computed(
    () => this.courses().find((course) => course.phase !== 'ended') ?? null,
  );

  protected readonly action = signal<Action>(null);
  protected readonly reason = signal('');
  protected readonly endReason = signal<CourseEndReason | ''>('');
  protected readonly note = signal('');
  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);

  protected date(at: string): string {
    return formatDate(at, this.timeZone());
  }

  /** Given and ordered sessions of the course; given falls back to the course's own count. */
  protected counts(course: CourseDto): { ordered: number; given: number } {
    const counted = courseSessionCounts(this.sessions(), course.id);
    const tagged = this.sessions().some((s) => s.courseId !== undefined);
    return tagged ? counted : { ordered: 0, given: course.sessionCount };
  }

  protected dose(proposal: CourseProposalDto): string {
    return proposal.unit === 'mg'
      ? `${String(proposal.dose)} mg`
      : `${String(proposal.dose)} mg/kg`;
  }

  protected open(kind: 'maintenance' | 'end', courseId: string): void {
    this.action.set({ kind, courseId });
    this.reason.set('');
    this.endReason.set('');
    this.note.set('');
    this.submitted.set(false);
    this.server.set(NO_ERRORS);
  }

  protected cancel(): void {
    this.action.set(null);
  }

  protected fieldError(field: string): string | null {
    const server = this.server().fields[field]?.join(' ');
    if (server) return server;
    if (field === 'reason' && this.submitted() && this.action()?.kind === 'end') {
      return this.endReason() === '' ? 'Choose why the course ends' : null;
    }
    return null;
  }

  protected submit(course: CourseDto): void {
    const action = this.action();
    if (!action || this.busy()) return;
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    let request: Observable<CourseDto>;
    if (action.kind === 'maintenance') {
      const reason = this.reason().trim();
      request = this.api.moveToMaintenance(
        course.id,
        { phase: 'maintenance', ...(reason ? { reason } : {}) },
        course.version,
      );
    } else {
      const endReason = this.endReason();
      if (endReason === '') return;
      const note = this.note().trim();
      request = this.api.end(
        course.id,
        { reason: endReason, ...(note ? { note } : {}) },
        course.version,
      );
    }
    this.busy.set(true);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => {
        this.busy.set(false);
        this.action.set(null);
        this.changed.emit(
          action.kind === 'maintenance' ? 'Course moved to maintenance.' : 'Course ended.',
        );
      },
      error: (error: unknown) => {
        this.busy.set(false);
        if (isStale(error)) {
          this.action.set(null);
          this.changed.emit('The course was changed by someone else: it is shown as it is now.');
          return;
        }
        this.server.set(courseServerErrors(error, ACTION_LABELS));
      },
    });
  }
}
