import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { ChartOptions, TooltipItem } from 'chart.js';
import {
  COURSE_KINDS,
  type CourseKind,
  DRUGS,
  type Drug,
  type OutcomesDto,
  type ProtocolDto,
  ROUTES,
  type Route,
} from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { CoursesApi } from '../../api/courses.api';
import { ExportsApi } from '../../api/exports.api';
import { OutcomesApi } from '../../api/outcomes.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { COURSE_KIND_LABELS } from '../../ui/course-wording';
import { DRUG_LABELS, ROUTE_LABELS } from '../../ui/labels';
import { FilterSelectComponent, type FilterOption } from '../../ui/filter-select.component';
import { LineChartComponent } from '../../charts/line-chart.component';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FieldComponent } from '../../ui/form/field.component';
import {
  type Measure,
  chartKey,
  countKeyLabel,
  rateBySessionChart,
  rateLabel,
  referenceLines,
  referencesOf,
  sortPer100,
} from './outcomes-chart-data';
import {
  type OutcomesFilters,
  defaultOutcomesFilters,
  describeOutcomesFilters,
  outcomesFilterErrors,
  sameFilters,
} from './outcomes-filters';

type OutcomesState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'no-clinic' }
  | { status: 'loaded'; outcomes: OutcomesDto };

interface OutcomesRequest {
  clinicId: string | null;
  filters: OutcomesFilters;
  attempt: number;
}

const MEASURES: readonly Measure[] = ['response', 'remission'];

/** Response, remission, follow-up, side effects and flags of the clinic (CLINICAL.md s6). */
@Component({
  selector: 'app-outcomes-page',
  imports: [LineChartComponent, FilterSelectComponent, FieldComponent, DateTimeInputComponent],
  templateUrl: './outcomes.page.html',
  styleUrl: './outcomes.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutcomesPage {
  private readonly api = inject(OutcomesApi);
  private readonly exportsApi = inject(ExportsApi);
  protected readonly csvStatus = signal('');

  private readonly clinicContext = inject(ClinicContext);
  private readonly coursesApi = inject(CoursesApi);

  protected readonly drugOptions: FilterOption<Drug>[] = DRUGS.map((drug) => ({
    value: drug,
    label: DRUG_LABELS[drug],
  }));
  protected readonly routeOptions: FilterOption<Route>[] = ROUTES.map((route) => ({
    value: route,
    label: ROUTE_LABELS[route],
  }));
  protected readonly kindOptions: FilterOption<CourseKind>[] = COURSE_KINDS.map((kind) => ({
    value: kind,
    label: COURSE_KIND_LABELS[kind],
  }));
  /** The clinic's protocols (built-in templates first), for the protocol filter; none on error. */
  private readonly protocols = toSignal(
    toObservable(this.clinicContext.clinicId).pipe(
      switchMap((clinicId) =>
        clinicId === null
          ? of<ProtocolDto[]>([])
          : this.coursesApi.protocols(clinicId).pipe(
              map((page) => page.items),
              catchError(() => of<ProtocolDto[]>([])),
            ),
      ),
    ),
    { initialValue: [] as ProtocolDto[] },
  );
  protected readonly protocolOptions = computed((): FilterOption<string>[] =>
    this.protocols().map((p) => ({ value: p.id, label: p.name })),
  );
  protected readonly rate = rateLabel;
  protected readonly keyLabel = countKeyLabel;
  protected readonly sortPer100 = sortPer100;

  /** What the form shows; applied with "Show". */
  protected readonly draft = signal<OutcomesFilters>(defaultOutcomesFilters(new Date()));
  private readonly applied = signal<OutcomesFilters>(this.draft());
  private readonly attempt = signal(0);
  protected readonly filterErrors = signal<Partial<Record<'from' | 'to', string>>>({});
  private readonly clinicId = this.clinicContext.clinicId;
  /**
   * The form shows other filters than the report was made for: the report is taken off the screen
   * (numbers under filters they do not belong to would mislead) until "Show" fetches the new one.
   */
  protected readonly stale = computed(() => !sameFilters(this.draft(), this.applied()));

  private readonly request = computed<OutcomesRequest>(() => ({
    clinicId: this.clinicId(),
    filters: this.applied(),
    attempt: this.attempt(),
  }));

  protected readonly state = toSignal(
    toObservable(this.request).pipe(
      // A new request clears the report at once: no old numbers while the new ones load.
      switchMap((request) => this.load(request)),
    ),
    { initialValue: { status: 'loading' } },
  );

  private readonly outcomes = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.outcomes : null;
  });
  /** What the report on screen is of, in words: from the server's answer, so it cannot drift. */
  protected readonly reportOf = computed(() => {
    const outcomes = this.outcomes();
    return outcomes
      ? describeOutcomesFilters(
          outcomes.filters,
          this.clinicContext.clinic()?.name ?? null,
          this.protocols().find((p) => p.id === outcomes.filters.protocolId)?.name ?? null,
        )
      : '';
  });
  protected readonly references = computed(() => {
    const outcomes = this.outcomes();
    return outcomes ? referencesOf(outcomes) : [];
  });

  /** One chart per measure: the clinic's curves and the published references beside them. */
  protected readonly charts = computed(() => {
    const rows = this.outcomes()?.bySessionNumber ?? [];
    const references = this.references();
    return MEASURES.map((measure) => ({
      measure,
      title:
        measure === 'response'
          ? 'Response rate by session number of the course'
          : 'Remission rate by session number of the course',
      data: rateBySessionChart(rows, measure),
      key: chartKey(measure),
      options: this.chartOptions(referenceLines(references, measure)),
    }));
  });

  /** Side effects and flags per 100 sessions, each as a table. */
  protected readonly per100Lists = computed(() => {
    const outcomes = this.outcomes();
    return [
      {
        id: 'side-effects',
        title: 'Side effects per 100 sessions',
        head: 'Type (severity)',
        items: outcomes?.sideEffectsPer100 ?? [],
        none: 'No side effect recorded.',
      },
      {
        id: 'flags',
        title: 'Flags per 100 sessions',
        head: 'Category (severity)',
        items: outcomes?.flagsPer100 ?? [],
        none: 'No flag raised.',
      },
    ];
  });

  protected setFrom(value: string): void {
    this.draft.update((draft) => ({ ...draft, from: value }));
  }

  protected setTo(value: string): void {
    this.draft.update((draft) => ({ ...draft, to: value }));
  }

  protected setDrug(value: Drug | ''): void {
    this.draft.update((draft) => ({ ...draft, drug: value }));
  }

  protected setRoute(value: Route | ''): void {
    this.draft.update((draft) => ({ ...draft, route: value }));
  }

  protected setProtocol(value: string | null): void {
    this.draft.update((draft) => ({ ...draft, protocolId: value ?? '' }));
  }

  protected setKind(value: CourseKind | ''): void {
    this.draft.update((draft) => ({ ...draft, kind: value }));
  }

  protected apply(): void {
    const errors = outcomesFilterErrors(this.draft());
    this.filterErrors.set(errors);
    if (Object.keys(errors).length === 0) {
      this.applied.set(this.draft());
      this.csvStatus.set('');
    }
  }

  protected retry(): void {
    this.attempt.update((attempt) => attempt + 1);
  }

  private chartOptions(yLines: ReturnType<typeof referenceLines>): ChartOptions<'line'> {
    const rows = this.outcomes()?.bySessionNumber ?? [];
    const maxSession = Math.max(1, ...rows.map((row) => row.sessionNumber));
    return {
      scales: {
        x: {
          type: 'linear',
          min: 1,
          max: maxSession,
          title: { display: true, text: 'Session number' },
          ticks: { stepSize: 1, precision: 0 },
        },
        y: {
          type: 'linear',
          min: 0,
          max: 100,
          title: { display: true, text: '% of treatment courses' },
          ticks: { stepSize: 20, callback: (value) => `${String(value)} %` },
        },
      },
      plugins: {
        clinicBands: { yLines },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) =>
              items.length > 0 ? `After session ${String(items[0].parsed.x)}` : '',
            label: (item: TooltipItem<'line'>) =>
              `${item.dataset.label ?? ''}: ${String(item.parsed.y)} %`,
          },
        },
      },
    };
  }

  /** The report on screen (the applied filters) as a CSV file, named by the server after them. */
  protected downloadCsv(): void {
    const clinicId = this.clinicId();
    if (clinicId === null || this.stale()) {
      return;
    }
    const filters = this.applied();
    this.csvStatus.set('Preparing the CSV…');
    this.exportsApi
      .outcomesCsv({
        clinicId,
        from: filters.from || null,
        to: filters.to || null,
        drug: filters.drug || null,
        route: filters.route || null,
        protocolId: filters.protocolId || null,
        kind: filters.kind || null,
      })
      .subscribe({
        next: (filename) => {
          this.csvStatus.set(`Outcomes downloaded: ${filename}`);
        },
        error: () => {
          this.csvStatus.set('The CSV could not be prepared. Try again.');
        },
      });
  }

  private load(request: OutcomesRequest): Observable<OutcomesState> {
    if (request.clinicId === null) {
      return of<OutcomesState>({ status: 'no-clinic' });
    }
    const { filters } = request;
    return this.api
      .get({
        clinicId: request.clinicId,
        from: filters.from || null,
        to: filters.to || null,
        drug: filters.drug || null,
        route: filters.route || null,
        protocolId: filters.protocolId || null,
        kind: filters.kind || null,
      })
      .pipe(
        map((outcomes): OutcomesState => ({ status: 'loaded', outcomes })),
        catchError(() => of<OutcomesState>({ status: 'error' })),
        startWith<OutcomesState>({ status: 'loading' }),
      );
  }
}
