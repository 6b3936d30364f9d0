import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { EnteredInErrorDto, RiskEventDto } from '@clinic/shared';

import { AmendRows } from '../../ui/amendments/amend-rows';
import { AmendCellComponent } from '../../ui/amendments/amend-cell.component';
import { MarkInErrorComponent } from '../../ui/amendments/mark-in-error.component';
import { formatDateTime } from '../../ui/format';
import { RISK_EVENT_LABELS } from '../../ui/labels';

/** Risk events (CLINICAL.md s4: drug screens, use outside the clinic, requests, craving). */
@Component({
  selector: 'app-risk-events-table',
  imports: [AmendCellComponent, MarkInErrorComponent],
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
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.event.id) {
              @let mark = row.event.enteredInError;
              <tr [class.row--entered-in-error]="mark !== null">
                <td class="nowrap">{{ dateTime(row.event.occurredAt) }}</td>
                <td>{{ row.type }}</td>
                <td>{{ row.event.notes ?? '' }}</td>
                <td class="amend-cell">
                  <app-amend-cell
                    [mark]="mark"
                    [recordId]="row.event.id"
                    [what]="'the risk event ' + describe(row)"
                    [rows]="amend"
                    [canAmend]="canAmend()"
                    [timeZone]="timeZone()"
                  />
                </td>
              </tr>
              @if (amend.isOpen(row.event.id)) {
                <tr class="amend-row">
                  <td colspan="4">
                    <app-mark-in-error
                      resource="risk_event"
                      [recordId]="row.event.id"
                      [description]="describe(row)"
                      (done)="amend.openId.set(null); amended.emit($event)"
                      (cancelled)="amend.close(row.event.id)"
                    />
                  </td>
                </tr>
              }
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
  /** Psychiatrists and nurses may mark one entered in error. */
  readonly canAmend = input(false);
  readonly amended = output<EnteredInErrorDto>();

  protected readonly amend = new AmendRows();

  protected readonly rows = computed(() =>
    [...this.riskEvents()]
      .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
      .map((event) => ({ event, type: RISK_EVENT_LABELS[event.type] })),
  );

  protected describe(row: { type: string; event: RiskEventDto }): string {
    return `${row.type} on ${this.dateTime(row.event.occurredAt)}`;
  }

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }
}
