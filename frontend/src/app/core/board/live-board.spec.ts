import { type Observable, Subject, of, throwError } from 'rxjs';

import type { BoardApi, BoardStreamMessage } from '../../api/board.api';
import { aBoardEvent } from '../../features/board/board.fixtures';
import { type LiveMessage, liveBoard, reconnectDelayMs } from './live-board';

describe('reconnectDelayMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [20, 30_000],
  ])('attempt %i waits %i ms', (attempt, ms) => {
    expect(reconnectDelayMs(attempt)).toBe(ms);
  });
});

describe('liveBoard', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('starts again from 1 s once a connection had opened', () => {
    jest.useFakeTimers();
    const streams: Subject<BoardStreamMessage>[] = [];
    let tickets = 0;
    const api = {
      ticket: () => {
        tickets += 1;
        return tickets === 1
          ? throwError(() => new Error('offline'))
          : of({ ticket: `t${String(tickets)}`, expiresAt: '' });
      },
      stream: (): Observable<BoardStreamMessage> => {
        const stream = new Subject<BoardStreamMessage>();
        streams.push(stream);
        return stream;
      },
    } as unknown as BoardApi;
    const messages: LiveMessage[] = [];
    const subscription = liveBoard(api, 'clinic').subscribe((message) => messages.push(message));

    expect(messages.at(-1)).toEqual({
      kind: 'status',
      status: { state: 'offline', retryInMs: 1_000 },
    });
    jest.advanceTimersByTime(1_000);
    streams[0].next({ kind: 'open' });
    const event = aBoardEvent();
    streams[0].next({ kind: 'event', event });
    expect(messages.slice(-2)).toEqual([
      { kind: 'status', status: { state: 'live' } },
      { kind: 'event', event },
    ]);

    streams[0].error(new Error('dropped'));
    expect(messages.at(-1)).toEqual({
      kind: 'status',
      status: { state: 'offline', retryInMs: 1_000 },
    });
    subscription.unsubscribe();
  });
});
