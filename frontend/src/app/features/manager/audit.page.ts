import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { AuditEntryDto } from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { AuditApi } from '../../api/audit.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { ROLE_LABELS } from '../../ui/labels';
import { formatDateTime } from '../../ui/format';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OUTCOME_LABELS,
  AUDIT_PAGE_SIZE,
  type AuditFilterErrors,
  type AuditFilters,
  EMPTY_AUDIT_FILTERS,
  auditDetailLines,
  auditFilterErrors,
  auditQuery,
  pageRange,
  shortId,
} from './audit-filters';
import { PagerComponent } from '../../ui/pager.component';

type AuditState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'no-clinic' }
  | { status: 'loaded'; items: AuditEntryDto[]; total: number; offset: number };

interface AuditRequest {
  clinicId: string | null;
  filters: AuditFilters;
  offset: number;
  attempt: number;
}

/** The clinic's audit log: who read or changed which record, when, from where, and the outcome. */
@Component({
  selector: 'app-audit-page',
  imports: [PagerComponent],
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly clinicId = this.clinicContext.clinicId;
  /** Times and days as the clinic reads them (ui/format.ts). */
  private readonly timeZone = computed(() => this.clinicContext.clinic()?.timezone);

  protected readonly actionLabels = AUDIT_ACTION_LABELS;
  protected readonly outcomeLabels = AUDIT_OUTCOME_LABELS;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly short = shortId;
  protected readonly detailLines = auditDetailLines;

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

  /** Shows only this patient's (or user's) entries: a click instead of copying a long id. */
  protected filterBy(field: 'patientId' | 'actorId', id: string): void {
    this.draft.update((draft) => ({ ...draft, [field]: id }));
    this.apply();
  }

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
    return this.api.list(query).pipe(
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
