import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { ChartOptions, TooltipItem } from 'chart.js';
import { DRUGS, type OutcomesDto, ROUTES } from '@clinic/shared';
import { type Observable, catchError, map, of, scan, startWith, switchMap } from 'rxjs';

import { ExportsApi } from '../../api/exports.api';
import { OutcomesApi } from '../../api/outcomes.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { DRUG_LABELS, ROUTE_LABELS } from '../../ui/labels';
import { LineChartComponent } from '../../charts/line-chart.component';
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
  asDrug,
  asRoute,
  defaultOutcomesFilters,
  outcomesFilterErrors,
} from './outcomes-filters';

type OutcomesState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'no-clinic' }
  /** `updating`: new filters are being applied; the previous report stays (charts update in place). */
  | { status: 'loaded'; outcomes: OutcomesDto; updating: boolean };

type LoadStep = { kind: 'start' } | { kind: 'done'; state: OutcomesState };

function reduce(state: OutcomesState, step: LoadStep): OutcomesState {
  if (step.kind === 'done') {
    return step.state;
  }
  return state.status === 'loaded' ? { ...state, updating: true } : { status: 'loading' };
}

interface OutcomesRequest {
  clinicId: string | null;
  filters: OutcomesFilters;
  attempt: number;
}

const MEASURES: readonly Measure[] = ['response', 'remission'];

/** Response, remission, follow-up, side effects and flags of the clinic (CLINICAL.md s6). */
@Component({
  selector: 'app-outcomes-page',
  imports: [LineChartComponent],
  templateUrl: './outcomes.page.html',
  styleUrl: './outcomes.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutcomesPage {
  private readonly api = inject(OutcomesApi);
  private readonly exportsApi = inject(ExportsApi);
  protected readonly csvStatus = signal('');
  private readonly clinicId = inject(ClinicContext).clinicId;

  protected readonly drugs = DRUGS;
  protected readonly routes = ROUTES;
  protected readonly drugLabels = DRUG_LABELS;
  protected readonly routeLabels = ROUTE_LABELS;
  protected readonly rate = rateLabel;
  protected readonly keyLabel = countKeyLabel;
  protected readonly sortPer100 = sortPer100;

  /** What the form shows; applied with "Show". */
  protected readonly draft = signal<OutcomesFilters>(defaultOutcomesFilters(new Date()));
  private readonly applied = signal<OutcomesFilters>(this.draft());
  private readonly attempt = signal(0);
  protected readonly filterErrors = signal<Partial<Record<'from' | 'to', string>>>({});

  private readonly request = computed<OutcomesRequest>(() => ({
    clinicId: this.clinicId(),
    filters: this.applied(),
    attempt: this.attempt(),
  }));

  protected readonly state = toSignal(
    toObservable(this.request).pipe(
      switchMap((request) => this.load(request)),
      scan(reduce, { status: 'loading' } as OutcomesState),
    ),
    { initialValue: { status: 'loading' } },
  );

  private readonly outcomes = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.outcomes : null;
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
          ? 'Response rate by session number'
          : 'Remission rate by session number',
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

  protected setDrug(value: string): void {
    this.draft.update((draft) => ({ ...draft, drug: asDrug(value) }));
  }

  protected setRoute(value: string): void {
    this.draft.update((draft) => ({ ...draft, route: asRoute(value) }));
  }

  protected apply(): void {
    const errors = outcomesFilterErrors(this.draft());
    this.filterErrors.set(errors);
    if (Object.keys(errors).length === 0) {
      this.applied.set(this.draft());
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
          title: { display: true, text: '% of patients' },
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

  /** The report on screen (the applied filters) as a CSV file. */
  protected downloadCsv(): void {
    const clinicId = this.clinicId();
    if (clinicId === null) {
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
      })
      .subscribe({
        next: () => {
          this.csvStatus.set('Outcomes downloaded (CSV).');
        },
        error: () => {
          this.csvStatus.set('The CSV could not be prepared. Try again.');
        },
      });
  }

  private load(request: OutcomesRequest): Observable<LoadStep> {
    if (request.clinicId === null) {
      return of<LoadStep>({ kind: 'done', state: { status: 'no-clinic' } });
    }
    const { filters } = request;
    return this.api
      .get({
        clinicId: request.clinicId,
        from: filters.from || null,
        to: filters.to || null,
        drug: filters.drug || null,
        route: filters.route || null,
      })
      .pipe(
        map((outcomes): LoadStep => ({
          kind: 'done',
          state: { status: 'loaded', outcomes, updating: false },
        })),
        catchError(() => of<LoadStep>({ kind: 'done', state: { status: 'error' } })),
        startWith<LoadStep>({ kind: 'start' }),
      );
  }
}
