import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { PatientDto } from '@clinic/shared';
import {
  type Observable,
  Subject,
  catchError,
  debounceTime,
  distinctUntilChanged,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';

import { PatientsApi } from '../../api/patients.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { PagerComponent } from '../../ui/pager.component';
import { patientDisplayName, rangeLabel, sexLabel, weightLabel } from '../../ui/patient-format';

export const PATIENT_PAGE_SIZE = 50;
/** Wait for a pause in typing before searching, so one request goes out per word, not per key. */
export const PATIENT_SEARCH_DEBOUNCE_MS = 250;

interface PatientQuery {
  clinicId: string;
  search: string;
  offset: number;
  /** Bumped by "Retry" so the same query is fetched again. */
  attempt: number;
}

type PatientListState =
  | { status: 'loading' }
  | { status: 'loaded'; clinicId: string; items: PatientDto[]; total: number; offset: number }
  | { status: 'error' }
  | { status: 'no-clinic' };

type LoadedList = Extract<PatientListState, { status: 'loaded' }>;

const LOADING: PatientListState = { status: 'loading' };

@Component({
  selector: 'app-patient-list-page',
  imports: [RouterLink, PagerComponent],
  templateUrl: './patient-list.page.html',
  styleUrl: './patient-list.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientListPage {
  private readonly patientsApi = inject(PatientsApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly auth = inject(AuthService);

  protected readonly displayName = patientDisplayName;
  protected readonly sexLabel = sexLabel;
  protected readonly weightLabel = weightLabel;

  /** Only psychiatrists register patients (API.md, "Roles"). */
  protected readonly canCreate = computed(() => this.auth.role() === 'psychiatrist');
  /** The clinic chosen in the header (users of several clinics switch there). */
  protected readonly clinicId = this.clinicContext.clinicId;
  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? null);

  /** The search term in effect (trimmed, after the pause in typing); never put in the URL. */
  protected readonly search = signal('');
  /** Another clinic chosen in the header starts again from its first page. */
  private readonly offset = linkedSignal({ source: this.clinicId, computation: () => 0 });
  private readonly attempt = signal(0);
  private readonly searchInput = new Subject<string>();

  private readonly query = computed<PatientQuery | null>(() => {
    const clinicId = this.clinicId();
    return clinicId === null
      ? null
      : { clinicId, search: this.search(), offset: this.offset(), attempt: this.attempt() };
  });

  protected readonly state = toSignal(
    toObservable(this.query).pipe(
      // switchMap: a newer query cancels the request still in flight, so a slow answer to an old
      // search can never overwrite the answer to the current one.
      switchMap((query) =>
        query === null ? of<PatientListState>({ status: 'no-clinic' }) : this.load(query),
      ),
    ),
    { initialValue: LOADING },
  );

  /**
   * The rows on screen: the page last loaded, kept while the next page or search loads, so the
   * table does not flash and nothing below it jumps (CLS). Another clinic's rows are never kept.
   */
  protected readonly shown = linkedSignal<PatientListState, LoadedList | null>({
    source: () => this.state(),
    computation: (state, previous) => {
      if (state.status === 'loaded') {
        return state;
      }
      const kept = previous?.value ?? null;
      return state.status === 'loading' && kept?.clinicId === this.clinicId() ? kept : null;
    },
  });
  protected readonly loading = computed(() => this.state().status === 'loading');

  protected readonly range = computed(() => {
    const shown = this.shown();
    return shown ? rangeLabel(shown.offset, shown.items.length, shown.total) : '';
  });
  /** For screen readers: what the table holds, e.g. "Patients of Riverside Clinic, 1–50 of 132". */
  protected readonly caption = computed(() => {
    const clinic = this.clinicName();
    return `Patients${clinic ? ` of ${clinic}` : ''}, ${this.range()}`;
  });
  protected readonly hasPrevious = computed(() => {
    const state = this.state();
    return state.status === 'loaded' && state.offset > 0;
  });
  protected readonly hasNext = computed(() => {
    const state = this.state();
    return state.status === 'loaded' && state.offset + state.items.length < state.total;
  });

  constructor() {
    this.searchInput
      .pipe(
        debounceTime(PATIENT_SEARCH_DEBOUNCE_MS),
        map((text) => text.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((search) => {
        this.search.set(search);
        this.offset.set(0);
      });
  }

  protected onSearchInput(text: string): void {
    this.searchInput.next(text);
  }

  protected previousPage(): void {
    this.offset.update((offset) => Math.max(0, offset - PATIENT_PAGE_SIZE));
  }

  protected nextPage(): void {
    if (this.hasNext()) {
      this.offset.update((offset) => offset + PATIENT_PAGE_SIZE);
    }
  }

  protected retry(): void {
    this.attempt.update((attempt) => attempt + 1);
  }

  private load(query: PatientQuery): Observable<PatientListState> {
    return this.patientsApi
      .list({
        clinicId: query.clinicId,
        search: query.search,
        limit: PATIENT_PAGE_SIZE,
        offset: query.offset,
      })
      .pipe(
        map((response): PatientListState => ({
          status: 'loaded',
          clinicId: query.clinicId,
          items: response.items,
          total: response.total,
          offset: query.offset,
        })),
        catchError(() => of<PatientListState>({ status: 'error' })),
        startWith(LOADING),
      );
  }
}
