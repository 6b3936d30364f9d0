import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import type { BoardDto, BoardEventDto, BoardTicketDto } from '@clinic/shared';
import { Observable } from 'rxjs';

import { API_BASE } from './api-base';

/** Creates the EventSource of the live board; replaced by a fake in tests (jsdom has none). */
export type EventSourceFactory = (url: string) => EventSource;

export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EventSourceFactory', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

/** Name of the server-sent event that carries a BoardEventDto. */
export const BOARD_EVENT_NAME = 'board';

/** What one connection to the board stream reports: it is open, or something happened. */
export type BoardStreamMessage = { kind: 'open' } | { kind: 'event'; event: BoardEventDto };

/** `/api/v1/board`: the on-site patients of a clinic and their live stream. */
@Injectable({ providedIn: 'root' })
export class BoardApi {
  private readonly http = inject(HttpClient);
  private readonly createEventSource = inject(EVENT_SOURCE_FACTORY);

  get(clinicId: string): Observable<BoardDto> {
    return this.http.get<BoardDto>(`${API_BASE}/board`, {
      params: new HttpParams().set('clinicId', clinicId),
    });
  }

  /**
   * A short-lived, single-use ticket for one stream connection: EventSource cannot send the
   * Authorization header, and the bearer token must never appear in a URL.
   */
  ticket(): Observable<BoardTicketDto> {
    return this.http.post<BoardTicketDto>(`${API_BASE}/board/tickets`, {});
  }

  /**
   * One connection to `/board/stream`. Emits `open` when connected and each board event; errors
   * when the connection drops, and closes it (the browser's own reconnect would reuse the spent
   * ticket), so the caller reconnects with a fresh ticket.
   */
  stream(clinicId: string, ticket: string): Observable<BoardStreamMessage> {
    const params = new HttpParams().set('clinicId', clinicId).set('ticket', ticket);
    const url = `${API_BASE}/board/stream?${params.toString()}`;
    return new Observable<BoardStreamMessage>((subscriber) => {
      const source = this.createEventSource(url);
      source.onopen = () => {
        subscriber.next({ kind: 'open' });
      };
      source.onerror = () => {
        subscriber.error(new Error('The live board connection was lost'));
      };
      source.addEventListener(BOARD_EVENT_NAME, (message: MessageEvent<string>) => {
        const event = parseBoardEvent(message.data);
        if (event) {
          subscriber.next({ kind: 'event', event });
        }
      });
      return () => {
        source.close();
      };
    });
  }
}

/** The event of one stream message, or null when it is not a board event (ignored). */
export function parseBoardEvent(data: string): BoardEventDto | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && 'type' in value && 'clinicId' in value
      ? (value as BoardEventDto)
      : null;
  } catch {
    return null;
  }
}
