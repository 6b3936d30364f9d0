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
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  FLAG_CATEGORIES,
  FLAG_SEVERITIES,
  FLAG_STATUSES,
  type FlagCategory,
  type FlagDto,
  type FlagSeverity,
  type FlagStatus,
  type FlagListItemDto,
} from '@clinic/shared';
import {
  EMPTY,
  type Observable,
  catchError,
  filter,
  forkJoin,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';

import { FlagsApi } from '../../api/flags.api';
import { BoardApi } from '../../api/board.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { listAll } from '../../core/http/list-all';
import { followUpLine } from '../../ui/follow-ups';
import { FLAG_SEVERITY_LABELS, FLAG_STATUS_LABELS, flagTitle } from '../../ui/labels';
import { liveBoard } from '../../core/board/live-board';
import { needsScreener, screenerLink, screenerQuery } from '../../ui/screener-link';
import { formatDateTime } from '../../ui/format';
import { FilterSelectComponent, type FilterOption } from '../../ui/filter-select.component';
import { FlagActionComponent, type FlagActionKind } from './flag-action.component';
import { FlagHistoryComponent } from '../../ui/flags/flag-history.component';
import {
  FLAG_CATEGORY_LABELS,
  type DetailLine,
  type FlagAccess,
  actorWords,
  canAcknowledge,
  describeDetails,
  flagAccess,
  proxyRuleNote,
  sortFlags,
  statusWithActor,
} from '../../ui/flags/flag-format';

/** "Open and acknowledged": the flags that still need someone (the inbox's default). */
export type StatusFilter = 'active' | FlagStatus;

interface FlagsQuery {
  clinicId: string;
  status: StatusFilter;
  category: FlagCategory | '';
  severity: FlagSeverity | '';
  attempt: number;
  /** Bumped by each flag event of the clinic's live stream: reload quietly. */
  live: number;
}

type FlagsState =
  | { status: 'loading' }
  | { status: 'loaded'; items: FlagListItemDto[] }
  | { status: 'error' }
  | { status: 'no-clinic' };

const LOADING: FlagsState = { status: 'loading' };

/** `/flags` (psychiatrists, nurses, managers): the flags of a clinic, most severe and newest first. */
@Component({
  selector: 'app-flags-inbox-page',
  imports: [RouterLink, FlagActionComponent, FlagHistoryComponent, FilterSelectComponent],
  templateUrl: './flags-inbox.page.html',
  styleUrl: './flags-inbox.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagsInboxPage {
  private readonly flagsApi = inject(FlagsApi);
  private readonly boardApi = inject(BoardApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly severityLabels = FLAG_SEVERITY_LABELS;
  protected readonly statusLabels = FLAG_STATUS_LABELS;
  protected readonly categoryLabels = FLAG_CATEGORY_LABELS;
  protected readonly severities = [...FLAG_SEVERITIES].reverse();
  protected readonly categoryOptions: FilterOption<FlagCategory>[] = FLAG_CATEGORIES.map(
    (category) => ({ value: category, label: FLAG_CATEGORY_LABELS[category] }),
  );
  protected readonly severityOptions: FilterOption<FlagSeverity>[] = this.severities.map(
    (severity) => ({ value: severity, label: FLAG_SEVERITY_LABELS[severity] }),
  );
  protected readonly statuses = FLAG_STATUSES;
  protected readonly flagTitle = flagTitle;
  protected readonly actorWords = actorWords;
  protected readonly statusWithActor = statusWithActor;
  protected readonly proxyRuleNote = proxyRuleNote;
  protected readonly canAcknowledge = canAcknowledge;
  /** An open item-9 flag leads straight to the C-SSRS screener (CLINICAL.md s10). */
  protected readonly needsScreener = needsScreener;
  protected readonly screenerLink = screenerLink;
  protected readonly screenerQuery = screenerQuery;

  /** The clinic the user is working in, chosen in the header (ClinicContext). */
  protected readonly clinicId = this.clinicContext.clinicId;
  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? null);

  protected readonly statusFilter = signal<StatusFilter>('active');
  protected readonly categoryFilter = signal<FlagCategory | ''>('');
  protected readonly severityFilter = signal<FlagSeverity | ''>('');
  private readonly attempt = signal(0);
  private readonly live = signal(0);
  /** The last query shown (without the live counter): a live reload keeps the list on screen. */
  private lastShown = '';
  /** Flags acknowledged or resolved on this page: they stay in view until the filters change. */
  private readonly actedOn = new Set<string>();

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
          live: this.live(),
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

  /** The open action form: one at a time. */
  protected readonly action = signal<{ flagId: string; kind: FlagActionKind } | null>(null);
  protected readonly announcement = signal('');

  constructor() {
    // The clinic names (the shell loads them too; this is a no-op once loaded).
    this.clinicContext.load();
    // New and changed flags of the clinic (e.g. item 9 answered from home) appear by themselves.
    toObservable(this.clinicId)
      .pipe(
        switchMap((clinicId) => (clinicId === null ? EMPTY : liveBoard(this.boardApi, clinicId))),
        filter((message) => message.kind === 'event' && message.event.type === 'flag'),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.live.update((n) => n + 1);
      });
  }

  /** Evidence or thresholds in words, times in the clinic's zone. */
  protected details(value: unknown, flag: FlagDto): DetailLine[] {
    return describeDetails(value, this.clinicContext.timeZoneOf(flag.clinicId));
  }

  protected zoneOf(flag: FlagDto): string | undefined {
    return this.clinicContext.timeZoneOf(flag.clinicId);
  }

  protected raisedAt(flag: FlagDto, at: string): string {
    return formatDateTime(at, this.clinicContext.timeZoneOf(flag.clinicId));
  }

  protected access(flag: FlagDto): FlagAccess {
    return flagAccess(this.auth.role(), flag);
  }

  /** The flag's session and its follow-up questionnaires, e.g. "Session 3 · follow-up 24 h completed". */
  protected sessionLine(flag: FlagListItemDto): string | null {
    if (flag.sessionNumber === null) {
      return null;
    }
    const followUps = followUpLine(flag.followUps);
    return `Session ${String(flag.sessionNumber)}${followUps ? ` · follow-up ${followUps}` : ''}`;
  }

  protected setStatus(value: string): void {
    this.statusFilter.set(
      value === 'active' || (FLAG_STATUSES as readonly string[]).includes(value)
        ? (value as StatusFilter)
        : 'active',
    );
  }

  /** After a 412: fetch the flags again without clearing the list (an open form keeps its note). */
  protected reloadQuietly(): void {
    this.live.update((n) => n + 1);
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
    this.actedOn.add(updated.id);
    this.state.update((state) =>
      state.status === 'loaded'
        ? {
            ...state,
            items: state.items.map((flag) =>
              flag.id === updated.id ? { ...flag, ...updated } : flag,
            ),
          }
        : state,
    );
    this.announcement.set(
      `${flagTitle(updated)}: ${FLAG_STATUS_LABELS[updated.status].toLowerCase()}`,
    );
    this.focusAfterRender(`#flag-${updated.id}-status`);
  }

  /** The flags acted on here that a live reload no longer lists (e.g. just resolved). */
  private keptInView(reloaded: readonly FlagListItemDto[]): FlagListItemDto[] {
    const state = this.state();
    if (state.status !== 'loaded') {
      return [];
    }
    const listed = new Set(reloaded.map((flag) => flag.id));
    return state.items.filter((flag) => this.actedOn.has(flag.id) && !listed.has(flag.id));
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
    const key = JSON.stringify({ ...query, live: 0 });
    const quiet = key === this.lastShown && this.state().status === 'loaded';
    this.lastShown = key;
    if (!quiet) {
      this.actedOn.clear();
    }
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
      map((lists): FlagsState => {
        const items = lists.flat();
        return { status: 'loaded', items: quiet ? [...items, ...this.keptInView(items)] : items };
      }),
      // A failed live reload keeps the list that is on screen.
      catchError(() => (quiet ? EMPTY : of<FlagsState>({ status: 'error' }))),
      quiet ? (source) => source : startWith(LOADING),
    );
  }
}
