import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { AuditActorDto, AuditViewDto } from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { AuditApi } from '../../api/audit.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { ROLE_LABELS } from '../../ui/labels';
import { formatDateTime } from '../../ui/format';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FieldComponent } from '../../ui/form/field.component';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OUTCOME_LABELS,
  AUDIT_PAGE_SIZE,
  type AuditFilterErrors,
  type AuditFilters,
  EMPTY_AUDIT_FILTERS,
  type AuditPatient,
  auditDetailLines,
  auditFilterErrors,
  auditQuery,
  pageRange,
  patientLabel,
  recordLine,
  viewActions,
  viewOutcome,
  viewPatients,
} from './audit-filters';
import { AuditPatientPickerComponent, type PickedPatient } from './audit-patient-picker.component';
import { PagerComponent } from '../../ui/pager.component';

type AuditState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'no-clinic' }
  | { status: 'loaded'; items: AuditViewDto[]; total: number; offset: number };

interface AuditRequest {
  clinicId: string | null;
  filters: AuditFilters;
  offset: number;
  attempt: number;
}

/**
 * The clinic's audit log: who read or changed which record, when, from where, and the outcome;
 * one row per page view (with the records it read), names for people, filters chosen by name and
 * sent by id.
 */
@Component({
  selector: 'app-audit-page',
  imports: [PagerComponent, AuditPatientPickerComponent, FieldComponent, DateTimeInputComponent],
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly clinicContext = inject(ClinicContext);
  protected readonly clinicId = this.clinicContext.clinicId;
  /** Times and days as the clinic reads them (ui/format.ts). */
  private readonly timeZone = computed(() => this.clinicContext.clinic()?.timezone);

  protected readonly actionLabels = AUDIT_ACTION_LABELS;
  protected readonly outcomeLabels = AUDIT_OUTCOME_LABELS;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly detailLines = auditDetailLines;
  protected readonly actionsOf = viewActions;
  protected readonly outcomeOf = viewOutcome;
  protected readonly patientsOf = viewPatients;
  protected readonly patientLabel = patientLabel;
  protected readonly recordLine = recordLine;
  /** Patients named in a row (a list page reads dozens; the records list names them all). */
  protected readonly shownPatients = 3;

  /** The clinic's staff for the "Who" filter ([] while loading or when it failed). */
  protected readonly actors = toSignal(
    toObservable(this.clinicId).pipe(
      switchMap((clinicId) =>
        clinicId === null
          ? of<AuditActorDto[]>([])
          : this.api.actors(clinicId).pipe(
              map((page) => page.items),
              catchError(() => of<AuditActorDto[]>([])),
            ),
      ),
    ),
    { initialValue: [] as AuditActorDto[] },
  );

  protected readonly draft = signal<AuditFilters>(EMPTY_AUDIT_FILTERS);
  protected readonly applied = signal<AuditFilters>(EMPTY_AUDIT_FILTERS);
  protected readonly errors = signal<AuditFilterErrors>({});
  private readonly offset = signal(0);
  private readonly attempt = signal(0);

  private readonly request = computed<AuditRequest>(() => ({
    clinicId: this.clinicId(),
    filters: this.applied(),
    offset: this.offset(),
    attempt: this.attempt(),
  }));

  protected readonly state = toSignal(
    toObservable(this.request).pipe(switchMap((request) => this.load(request))),
    { initialValue: { status: 'loading' } },
  );

  protected readonly range = computed(() => {
    const state = this.state();
    return state.status === 'loaded'
      ? pageRange(state.offset, state.items.length, state.total)
      : '';
  });
  protected readonly hasPrevious = computed(() => {
    const state = this.state();
    return state.status === 'loaded' && state.offset > 0;
  });
  protected readonly hasNext = computed(() => {
    const state = this.state();
    return state.status === 'loaded' && state.offset + state.items.length < state.total;
  });
  protected readonly filtered = computed(() =>
    Object.values(this.applied()).some((value) => value !== ''),
  );
  /** The patient chosen in the draft filters, for the picker. */
  protected readonly pickedPatient = computed<PickedPatient | null>(() => {
    const draft = this.draft();
    return draft.patientId ? { id: draft.patientId, name: draft.patientName } : null;
  });

  protected when(at: string): string {
    return formatDateTime(at, this.timeZone());
  }

  protected set(field: keyof AuditFilters, value: string): void {
    this.draft.update((draft) => ({ ...draft, [field]: value }));
  }

  protected apply(): void {
    const errors = auditFilterErrors(this.draft());
    this.errors.set(errors);
    if (Object.keys(errors).length === 0) {
      this.applied.set({ ...this.draft() });
      this.offset.set(0);
    }
  }

  protected clear(): void {
    this.errors.set({});
    this.draft.set(EMPTY_AUDIT_FILTERS);
    this.applied.set(EMPTY_AUDIT_FILTERS);
    this.offset.set(0);
  }

  /** A patient chosen in the picker is applied at once; "Change patient" clears the draft's. */
  protected pickPatient(patient: PickedPatient | null): void {
    this.draft.update((draft) => ({
      ...draft,
      patientId: patient?.id ?? '',
      patientName: patient?.name ?? '',
    }));
    if (patient) {
      this.apply();
    }
  }

  /** Shows only this patient's entries: a click on their name in a row. */
  protected filterByPatient(patient: AuditPatient): void {
    this.pickPatient({ id: patient.id, name: patientLabel(patient) });
  }

  /** The "Who" filter's choice (the staff list's; '' = anyone). */
  protected pickActor(actorId: string): void {
    const known = this.actors().find((actor) => actor.id === actorId);
    this.draft.update((draft) => ({ ...draft, actorId, actorName: known?.name ?? '' }));
  }

  /** Shows only this user's entries: a click on their name in a row. */
  protected filterByActor(actorId: string, name: string | null): void {
    this.draft.update((draft) => ({ ...draft, actorId, actorName: name ?? 'Chosen user' }));
    this.apply();
  }

  /** The "Who" options: the clinic's staff, plus a user chosen from a row who is not among them. */
  protected readonly actorOptions = computed(() => {
    const staff = this.actors().map((actor) => ({
      id: actor.id,
      label: `${actor.name} (${ROLE_LABELS[actor.role]})`,
    }));
    const { actorId, actorName } = this.draft();
    return actorId && !staff.some((option) => option.id === actorId)
      ? [...staff, { id: actorId, label: actorName || 'Chosen user' }]
      : staff;
  });

  protected previousPage(): void {
    this.offset.update((offset) => Math.max(0, offset - AUDIT_PAGE_SIZE));
  }

  protected nextPage(): void {
    if (this.hasNext()) {
      this.offset.update((offset) => offset + AUDIT_PAGE_SIZE);
    }
  }

  protected retry(): void {
    this.attempt.update((attempt) => attempt + 1);
  }

  private load(request: AuditRequest): Observable<AuditState> {
    if (request.clinicId === null) {
      return of<AuditState>({ status: 'no-clinic' });
    }
    const query = auditQuery(request.clinicId, request.filters, request.offset, this.timeZone());
    return this.api.views(query).pipe(
      map((response): AuditState => ({
        status: 'loaded',
        items: response.items,
        total: response.total,
        offset: request.offset,
      })),
      catchError(() => of<AuditState>({ status: 'error' })),
      startWith<AuditState>({ status: 'loading' }),
    );
  }
}
