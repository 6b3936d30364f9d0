import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { BoardDto, FlagDto, FlagListItemDto } from '@clinic/shared';
import {
  type Observable,
  Subject,
  catchError,
  concat,
  filter,
  interval,
  map,
  merge,
  of,
  scan,
  switchMap,
  tap,
} from 'rxjs';

import { BoardApi } from '../../api/board.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatDateTime } from '../../ui/format';
import { FLAG_SEVERITY_LABELS, flagTitle } from '../../ui/labels';
import { boardCards, monitoringEndedBetween, newFlags, serverNowMs } from './board-view';
import { BoardCardComponent } from './board-card.component';
import { type BoardAlert, CriticalAlertsComponent } from './critical-alerts.component';
import { ExpectedSessionsComponent } from './expected-sessions.component';
import { type LiveStatus, liveBoard } from '../../core/board/live-board';
import { needsScreener, screenerLink, screenerQuery } from '../../ui/screener-link';

/** Flags of patients at home listed on the board (the newest); the rest are in the inbox. */
export const ATTENTION_SHOWN = 3;

/** Time since dose and countdowns move on this often, from the last board (no request). */
export const BOARD_TICK_MS = 30_000;

export interface BoardState {
  status: 'loading' | 'loaded' | 'error' | 'no-clinic';
  board: BoardDto | null;
  /** Client clock when the board arrived. */
  receivedAtMs: number;
  /** The latest refresh failed: the cards show the last board that arrived. */
  stale: boolean;
  /** What changed for screen readers, e.g. "New critical flag for Ada Okonkwo: Severe blood pressure". */
  announcement: string;
  /** Every new (or reopened) critical flag since the board opened, newest first (shown until dismissed). */
  alerts: BoardAlert[];
}

type LoadResult = { kind: 'start' } | { kind: 'loaded'; board: BoardDto } | { kind: 'failed' };

const LOADING: BoardState = {
  status: 'loading',
  board: null,
  receivedAtMs: 0,
  stale: false,
  announcement: '',
  alerts: [],
};
const NO_CLINIC: BoardState = { ...LOADING, status: 'no-clinic' };

/** The banner's line for a new critical flag: patient, title by what triggered it, the values. */
export function criticalAlert(
  patientName: string,
  sessionId: string | null,
  flag: FlagDto,
): BoardAlert {
  const reopened = flag.newEvidenceSince !== null;
  return {
    key: `${flag.id}@${flag.newEvidenceSince ?? flag.createdAt}`,
    patientName,
    sessionId,
    title: flagTitle(flag),
    message: flag.message,
    reopened,
  };
}

function reduce(state: BoardState, result: LoadResult): BoardState {
  switch (result.kind) {
    case 'start':
      return state.board === null ? { ...LOADING } : state;
    case 'failed':
      return state.board === null ? { ...LOADING, status: 'error' } : { ...state, stale: true };
    case 'loaded': {
      const added = newFlags(state.board, result.board).filter(
        (entry) => entry.flag.severity !== 'info',
      );
      const known = new Set(state.alerts.map((alert) => alert.key));
      const alerts = added
        .filter(({ flag }) => flag.severity === 'critical')
        .map(({ patientName, sessionId, flag }) => criticalAlert(patientName, sessionId, flag))
        .filter((alert) => !known.has(alert.key));
      return {
        status: 'loaded',
        board: result.board,
        receivedAtMs: Date.now(),
        stale: false,
        alerts: [...alerts, ...state.alerts],
        announcement: added
          .map(
            ({ patientName, flag }) =>
              `New ${FLAG_SEVERITY_LABELS[flag.severity].toLowerCase()} flag for ${patientName}: ${flagTitle(flag)}.`,
          )
          .join(' '),
      };
    }
  }
}

/**
 * The live board: every patient on site in the clinic, updated from the server's event stream
 * without reloading the page (each event: fetch the board again; the events carry ids only).
 */
@Component({
  selector: 'app-board-page',
  imports: [BoardCardComponent, CriticalAlertsComponent, ExpectedSessionsComponent, RouterLink],
  templateUrl: './board.page.html',
  styleUrl: './board.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage {
  private readonly boardApi = inject(BoardApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly clinicId = this.clinicContext.clinicId;
  private readonly reload$ = new Subject<void>();

  protected readonly live = signal<LiveStatus>({ state: 'connecting' });
  /** Alerts the nurse dismissed (by key); only ids, in memory. */
  private readonly dismissed = signal<ReadonlySet<string>>(new Set());
  /** The client clock, moved on every BOARD_TICK_MS. */
  private readonly clock = signal(Date.now());
  protected readonly clockNow = this.clock.asReadonly();

  protected readonly state = toSignal(
    toObservable(this.clinicId).pipe(
      switchMap((clinicId) => (clinicId === null ? of(NO_CLINIC) : this.follow(clinicId))),
    ),
    { initialValue: LOADING },
  );

  protected readonly cards = computed(() => {
    const { board, receivedAtMs } = this.state();
    if (board === null) {
      return [];
    }
    const clientNow = Math.max(this.clock(), receivedAtMs);
    return boardCards(board, serverNowMs(board.at, receivedAtMs, clientNow));
  });

  /** New critical flags not dismissed yet, newest first. */
  protected readonly alerts = computed(() =>
    this.state().alerts.filter((alert) => !this.dismissed().has(alert.key)),
  );

  protected dismiss(key: string): void {
    this.dismissed.update((keys) => new Set([...keys, key]));
  }

  /** Open critical flags of patients at home (e.g. item 9 answered through the link). */
  protected readonly attention = computed(() => this.state().board?.attention ?? []);
  /** The newest few, one line each: the board is for the patients on site; the inbox has all. */
  protected readonly attentionShown = computed(() => this.attention().slice(0, ATTENTION_SHOWN));
  protected readonly attentionHidden = computed(
    () => this.attention().length - this.attentionShown().length,
  );
  protected readonly title = flagTitle;
  /** An item-9 flag leads straight to the C-SSRS screener (CLINICAL.md s10). */
  protected readonly needsScreener = needsScreener;
  protected readonly screenerLink = screenerLink;
  protected readonly screenerQuery = screenerQuery;

  protected raisedAt(flag: FlagListItemDto): string {
    return formatDateTime(flag.createdAt, this.clinicContext.timeZoneOf(flag.clinicId));
  }

  protected readonly liveLabel = computed(() => {
    const live = this.live();
    switch (live.state) {
      case 'live':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'offline':
        return `Offline, reconnecting in ${String(Math.ceil(live.retryInMs / 1000))} s`;
    }
  });

  constructor() {
    interval(BOARD_TICK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        const previous = this.clock();
        const now = Date.now();
        this.clock.set(now);
        // Readiness can change by time alone (minimum monitoring reached): fetch it then.
        const { board, receivedAtMs } = this.state();
        if (
          board &&
          monitoringEndedBetween(
            board,
            serverNowMs(board.at, receivedAtMs, previous),
            serverNowMs(board.at, receivedAtMs, now),
          )
        ) {
          this.reload$.next();
        }
      });
  }

  protected retry(): void {
    this.reload$.next();
  }

  /** The clinic's board, fetched first, then again on every event and on every (re)connection. */
  private follow(clinicId: string): Observable<BoardState> {
    const live$ = liveBoard(this.boardApi, clinicId).pipe(
      tap((message) => {
        if (message.kind === 'status') {
          this.live.set(message.status);
        }
      }),
      // A (re)connection may have missed events: fetch the board then too.
      filter((message) => message.kind === 'event' || message.status.state === 'live'),
    );
    return merge(of(null), this.reload$, live$).pipe(
      // The newest request wins; a slower answer to an older one is dropped.
      switchMap(() =>
        concat(
          of<LoadResult>({ kind: 'start' }),
          this.boardApi.get(clinicId).pipe(
            map((board): LoadResult => ({ kind: 'loaded', board })),
            catchError(() => of<LoadResult>({ kind: 'failed' })),
          ),
        ),
      ),
      scan(reduce, LOADING),
    );
  }
}
