import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { ClinicDto, PatientDto } from '@clinic/shared';
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

import { ClinicsApi } from '../../api/clinics.api';
import { PatientsApi } from '../../api/patients.api';
import { AuthService } from '../../core/auth/auth.service';
import { patientDisplayName, rangeLabel, sexLabel, weightLabel } from './patient-format';

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
  | { status: 'loaded'; items: PatientDto[]; total: number; offset: number }
  | { status: 'error' }
  | { status: 'no-clinic' };

const LOADING: PatientListState = { status: 'loading' };

@Component({
  selector: 'app-patient-list-page',
  templateUrl: './patient-list.page.html',
  styleUrl: './patient-list.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientListPage {
  private readonly patientsApi = inject(PatientsApi);
  private readonly user = inject(AuthService).user;

  protected readonly displayName = patientDisplayName;
  protected readonly sexLabel = sexLabel;
  protected readonly weightLabel = weightLabel;

  /** The user's clinics, for the selector; empty until loaded (or if they cannot be loaded). */
  protected readonly clinics = toSignal(
    inject(ClinicsApi)
      .list()
      .pipe(
        map((response) => response.items),
        catchError(() => of<ClinicDto[]>([])),
      ),
    { initialValue: [] },
  );
  protected readonly clinicId = signal<string | null>(this.user()?.clinicIds[0] ?? null);
  protected readonly clinicName = computed(
    () => this.clinics().find((clinic) => clinic.id === this.clinicId())?.name ?? null,
  );
  protected readonly showClinicSelector = computed(() => this.clinics().length > 1);

  /** The search term in effect (trimmed, after the pause in typing); never put in the URL. */
  protected readonly search = signal('');
  private readonly offset = signal(0);
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

  protected readonly range = computed(() => {
    const state = this.state();
    return state.status === 'loaded'
      ? rangeLabel(state.offset, state.items.length, state.total)
      : '';
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

  protected selectClinic(clinicId: string): void {
    if (clinicId !== this.clinicId()) {
      this.clinicId.set(clinicId);
      this.offset.set(0);
    }
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
          items: response.items,
          total: response.total,
          offset: query.offset,
        })),
        catchError(() => of<PatientListState>({ status: 'error' })),
        startWith(LOADING),
      );
  }
}
