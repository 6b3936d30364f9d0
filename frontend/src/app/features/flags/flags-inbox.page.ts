import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  FLAG_CATEGORIES,
  FLAG_SEVERITIES,
  FLAG_STATUSES,
  type FlagCategory,
  type FlagDto,
  type FlagSeverity,
  type FlagStatus,
  type PatientDto,
} from '@clinic/shared';
import { type Observable, catchError, forkJoin, map, of, startWith, switchMap } from 'rxjs';

import { FlagsApi } from '../../api/flags.api';
import { PatientsApi } from '../../api/patients.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { listAll } from '../../core/http/list-all';
import { FLAG_SEVERITY_LABELS, FLAG_STATUS_LABELS } from '../../ui/labels';
import { patientDisplayName } from '../patients/patient-format';
import { formatDateTime } from '../../ui/format';
import { FlagActionComponent, type FlagActionKind } from './flag-action.component';
import {
  FLAG_CATEGORY_LABELS,
  type DetailLine,
  type FlagAccess,
  describeDetails,
  flagAccess,
  proxyRuleNote,
  ruleTitle,
  sortFlags,
} from './flag-format';

/** "Open and acknowledged": the flags that still need someone (the inbox's default). */
export type StatusFilter = 'active' | FlagStatus;

interface FlagsQuery {
  clinicId: string;
  status: StatusFilter;
  category: FlagCategory | '';
  severity: FlagSeverity | '';
  attempt: number;
}

type FlagsState =
  | { status: 'loading' }
  | { status: 'loaded'; items: FlagDto[] }
  | { status: 'error' }
  | { status: 'no-clinic' };

const LOADING: FlagsState = { status: 'loading' };

/** `/flags` (psychiatrists, nurses, managers): the flags of a clinic, most severe and newest first. */
@Component({
  selector: 'app-flags-inbox-page',
  imports: [RouterLink, FlagActionComponent],
  templateUrl: './flags-inbox.page.html',
  styleUrl: './flags-inbox.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagsInboxPage {
  private readonly flagsApi = inject(FlagsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly severityLabels = FLAG_SEVERITY_LABELS;
  protected readonly statusLabels = FLAG_STATUS_LABELS;
  protected readonly categoryLabels = FLAG_CATEGORY_LABELS;
  protected readonly categories = FLAG_CATEGORIES;
  protected readonly severities = [...FLAG_SEVERITIES].reverse();
  protected readonly statuses = FLAG_STATUSES;
  protected readonly ruleTitle = ruleTitle;
  protected readonly proxyRuleNote = proxyRuleNote;

  /** The clinic the user is working in, chosen in the header (ClinicContext). */
  protected readonly clinicId = this.clinicContext.clinicId;
  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? null);

  protected readonly statusFilter = signal<StatusFilter>('active');
  protected readonly categoryFilter = signal<FlagCategory | ''>('');
  protected readonly severityFilter = signal<FlagSeverity | ''>('');
  private readonly attempt = signal(0);

  private readonly query = computed<FlagsQuery | null>(() => {
    const clinicId = this.clinicId();
    return clinicId === null
      ? null
      : {
          clinicId,
          status: this.statusFilter(),
          category: this.categoryFilter(),
          severity: this.severityFilter(),
          attempt: this.attempt(),
        };
  });

  private readonly loaded = toSignal(
    toObservable(this.query).pipe(
      switchMap((query) =>
        query === null ? of<FlagsState>({ status: 'no-clinic' }) : this.loadFlags(query),
      ),
    ),
    { initialValue: LOADING },
  );
  /** The loaded flags, with the answers to acknowledge / resolve applied in place. */
  protected readonly state = linkedSignal(() => this.loaded());
  protected readonly flags = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? sortFlags(state.items) : [];
  });
  protected readonly counts = computed(() => {
    const flags = this.flags();
    return this.severities
      .map((severity) => ({
        severity,
        count: flags.filter((flag) => flag.severity === severity).length,
      }))
      .filter((entry) => entry.count > 0);
  });

  /**
   * The clinic's patients by id, to name each flag's patient: the list is loaded once per clinic
   * (a page of 200 at a time), never one request per flag. null while loading.
   */
  protected readonly patients = toSignal(
    toObservable(this.clinicId).pipe(
      switchMap((clinicId) =>
        clinicId === null
          ? of(new Map<string, PatientDto>())
          : listAll((limit, offset) => this.patientsApi.list({ clinicId, limit, offset })).pipe(
              map((patients) => new Map(patients.map((patient) => [patient.id, patient]))),
              catchError(() => of(new Map<string, PatientDto>())),
              startWith(null),
            ),
      ),
    ),
    { initialValue: null },
  );

  /** The open action form: one at a time. */
  protected readonly action = signal<{ flagId: string; kind: FlagActionKind } | null>(null);
  protected readonly announcement = signal('');

  constructor() {
    // The clinic names (the shell loads them too; this is a no-op once loaded).
    this.clinicContext.load();
  }

  /** Evidence or thresholds in words, times in the clinic's zone. */
  protected details(value: unknown, flag: FlagDto): DetailLine[] {
    return describeDetails(value, this.clinicContext.timeZoneOf(flag.clinicId));
  }

  protected raisedAt(flag: FlagDto, at: string): string {
    return formatDateTime(at, this.clinicContext.timeZoneOf(flag.clinicId));
  }

  protected access(flag: FlagDto): FlagAccess {
    return flagAccess(this.auth.role(), flag);
  }

  protected patientName(flag: FlagDto): string {
    const patients = this.patients();
    if (patients === null) {
      return 'Loading patient…';
    }
    const patient = patients.get(flag.patientId);
    return patient ? patientDisplayName(patient) : 'Patient not in the list';
  }

  protected patientMrn(flag: FlagDto): string | null {
    return this.patients()?.get(flag.patientId)?.mrn ?? null;
  }

  protected setStatus(value: string): void {
    this.statusFilter.set(
      value === 'active' || (FLAG_STATUSES as readonly string[]).includes(value)
        ? (value as StatusFilter)
        : 'active',
    );
  }

  protected setCategory(value: string): void {
    this.categoryFilter.set(
      (FLAG_CATEGORIES as readonly string[]).includes(value) ? (value as FlagCategory) : '',
    );
  }

  protected setSeverity(value: string): void {
    this.severityFilter.set(
      (FLAG_SEVERITIES as readonly string[]).includes(value) ? (value as FlagSeverity) : '',
    );
  }

  protected retry(): void {
    this.attempt.update((attempt) => attempt + 1);
  }

  protected open(flag: FlagDto, kind: FlagActionKind): void {
    this.announcement.set('');
    this.action.set({ flagId: flag.id, kind });
  }

  protected isOpen(flag: FlagDto, kind: FlagActionKind): boolean {
    const action = this.action();
    return action !== null && action.flagId === flag.id && action.kind === kind;
  }

  /** Escape or Cancel: close the form and give the focus back to the button that opened it. */
  protected cancel(flag: FlagDto, kind: FlagActionKind): void {
    this.action.set(null);
    this.focusAfterRender(`#flag-${flag.id}-${kind}-button`);
  }

  protected done(updated: FlagDto): void {
    this.action.set(null);
    this.state.update((state) =>
      state.status === 'loaded'
        ? { ...state, items: state.items.map((flag) => (flag.id === updated.id ? updated : flag)) }
        : state,
    );
    this.announcement.set(
      `${ruleTitle(updated.rule)}: ${FLAG_STATUS_LABELS[updated.status].toLowerCase()}`,
    );
    this.focusAfterRender(`#flag-${updated.id}-status`);
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(
      () => {
        this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus();
      },
      { injector: this.injector },
    );
  }

  private loadFlags(query: FlagsQuery): Observable<FlagsState> {
    const statuses: FlagStatus[] =
      query.status === 'active' ? ['open', 'acknowledged'] : [query.status];
    return forkJoin(
      statuses.map((status) =>
        listAll((limit, offset) =>
          this.flagsApi.list({
            clinicId: query.clinicId,
            status,
            ...(query.category ? { category: query.category } : {}),
            ...(query.severity ? { severity: query.severity } : {}),
            limit,
            offset,
          }),
        ),
      ),
    ).pipe(
      map((lists): FlagsState => ({ status: 'loaded', items: lists.flat() })),
      catchError(() => of<FlagsState>({ status: 'error' })),
      startWith(LOADING),
    );
  }
}
