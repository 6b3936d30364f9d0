import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RiskEventDto } from '@clinic/shared';

import { formatDateTime } from '../../ui/format';
import { RISK_EVENT_LABELS } from '../../ui/labels';

/** Risk events (CLINICAL.md s4: drug screens, use outside the clinic, requests, craving). */
@Component({
  selector: 'app-risk-events-table',
  template: `
    @if (rows().length === 0) {
      <p class="panel state" data-testid="risk-events-empty">No risk event recorded.</p>
    } @else {
      <div class="table-wrap panel">
        <table class="table table--compact" data-testid="risk-events-table">
          <caption class="visually-hidden">
            Risk events, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.event.id) {
              <tr>
                <td class="nowrap">{{ dateTime(row.event.occurredAt) }}</td>
                <td>{{ row.type }}</td>
                <td>{{ row.event.notes ?? '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskEventsTableComponent {
  readonly riskEvents = input.required<readonly RiskEventDto[]>();
  readonly timeZone = input<string | undefined>(undefined);

  protected readonly rows = computed(() =>
    [...this.riskEvents()]
      .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
      .map((event) => ({ event, type: RISK_EVENT_LABELS[event.type] })),
  );

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }
}
