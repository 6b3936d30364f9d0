import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FollowUpChannel, FollowUpDto } from '@clinic/shared';
import type { Observable } from 'rxjs';

import { API_BASE } from './api-base';

export type { FollowUpChannel } from '@clinic/shared';

/** A session's follow-up questionnaire requests (24 h and 72 h links) and queuing them to the patient. */
@Injectable({ providedIn: 'root' })
export class FollowUpsApi {
  private readonly http = inject(HttpClient);

  listForSession(sessionId: string): Observable<{ items: FollowUpDto[] }> {
    return this.http.get<{ items: FollowUpDto[] }>(
      `${API_BASE}/sessions/${encodeURIComponent(sessionId)}/followups`,
    );
  }

  /** Queues the link by email or SMS: 202, or 422 with a message (no address, completed, expired). */
  send(followUpId: string, channel: FollowUpChannel): Observable<unknown> {
    return this.http.post(`${API_BASE}/followups/${encodeURIComponent(followUpId)}/send`, {
      channel,
    });
  }
}
