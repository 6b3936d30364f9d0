import type { BoardEventDto } from '@clinic/shared';
import { type Observable, catchError, concat, defer, map, of, switchMap, tap, timer } from 'rxjs';

import type { BoardApi } from '../../api/board.api';

/** How the board is connected to the live stream. */
export type LiveStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  /** Lost; the next attempt starts after `retryInMs`. */
  | { state: 'offline'; retryInMs: number };

export type LiveMessage =
  { kind: 'status'; status: LiveStatus } | { kind: 'event'; event: BoardEventDto };

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Wait before reconnection attempt `attempt` (1, 2, ...): 1 s, 2 s, 4 s ... at most 30 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}

const status = (value: LiveStatus): LiveMessage => ({ kind: 'status', status: value });

/**
 * The clinic's board events, kept connected: each connection uses a fresh single-use ticket; when
 * it drops (or the ticket cannot be had) the next attempt waits with exponential backoff, which
 * starts again from 1 s once a connection has opened. Never completes; unsubscribe to stop.
 */
export function liveBoard(api: BoardApi, clinicId: string): Observable<LiveMessage> {
  const connect = (attempt: number): Observable<LiveMessage> => {
    let opened = false;
    return concat(
      of(status({ state: 'connecting' })),
      defer(() => api.ticket()).pipe(
        switchMap(({ ticket }) => api.stream(clinicId, ticket)),
        map((message): LiveMessage =>
          message.kind === 'open'
            ? status({ state: 'live' })
            : { kind: 'event', event: message.event },
        ),
        tap((message) => {
          if (message.kind === 'status') {
            opened = true;
          }
        }),
      ),
    ).pipe(
      catchError(() => {
        const next = opened ? 1 : attempt + 1;
        const delay = reconnectDelayMs(next);
        return concat(
          of(status({ state: 'offline', retryInMs: delay })),
          timer(delay).pipe(switchMap(() => connect(next))),
        );
      }),
    );
  };
  return connect(0);
}
