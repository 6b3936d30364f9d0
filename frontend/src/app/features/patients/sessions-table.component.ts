import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type {
  EnteredInErrorDto,
  ResponsePointDto,
  ResponseSessionDto,
  SessionSummaryDto,
} from '@clinic/shared';

import { formatDate, formatDateTime, formatMg, formatMgPerKg, formatTime } from '../../ui/format';
import { DRUG_LABELS, ROUTE_LABELS, SESSION_STATUS_LABELS } from '../../ui/labels';
import { AmendRows } from '../../ui/amendments/amend-rows';
import { AmendCellComponent } from '../../ui/amendments/amend-cell.component';
import { MarkInErrorComponent } from '../../ui/amendments/mark-in-error.component';

interface SessionRow {
  session: SessionSummaryDto;
  drugRoute: string;
  dose: string;
  perKg: string | null;
  at24h: string;
  at72h: string;
}

/** The total, marked when the patient answered from home through the follow-up link. */
export function pointLabel(point: ResponsePointDto | null | undefined): string {
  if (!point) {
    return '—';
  }
  return point.source === 'self_report'
    ? `${String(point.total)} (self-report)`
    : String(point.total);
}

/**
 * The patient's dosing sessions, newest first: dose, status, readiness and discharge. A session
 * entered in error stays, struck through, with the reason; psychiatrists can mark one.
 */
@Component({
  selector: 'app-sessions-table',
  imports: [RouterLink, AmendCellComponent, MarkInErrorComponent],
  template: `
    @if (rows().length === 0) {
      <p class="panel state" data-testid="sessions-empty">No session has been ordered yet.</p>
    } @else {
      <div class="table-wrap panel">
        <table class="table table--compact" data-testid="sessions-table">
          <caption class="visually-hidden">
            Dosing sessions, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col" class="table__number">No.</th>
              <th scope="col">Date</th>
              <th scope="col">Drug, route</th>
              <th scope="col">Dose</th>
              <th scope="col">Status, readiness</th>
              <th scope="col" class="table__number">
                PHQ-9 <span class="nowrap">24 h / 72 h</span>
              </th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.session.id) {
              @let mark = row.session.enteredInError;
              <tr [class.row--entered-in-error]="mark !== null">
                <td class="table__number">
                  {{ row.session.sessionNumber > 0 ? row.session.sessionNumber : '–' }}
                </td>
                <td class="nowrap">{{ dateTime(row.session.startedAt) }}</td>
                <td class="nowrap">{{ row.drugRoute }}</td>
                <td>
                  <span class="nowrap">{{ row.dose }}</span>
                  @if (row.perKg) {
                    <span class="status-detail nowrap">{{ row.perKg }}</span>
                  }
                  @for (warning of row.session.doseWarnings; track warning) {
                    <span class="dose-warning">{{ warning }}</span>
                  }
                </td>
                <td>
                  @if (row.session.status === 'in_progress') {
                    <span class="badge badge--info">{{ statusLabel(row.session) }}</span>
                    <span class="status-detail">
                      @if (row.session.readyAt) {
                        Ready since {{ time(row.session, row.session.readyAt) }}
                      } @else {
                        Not ready yet
                      }
                    </span>
                    @if (canMonitor()) {
                      <a class="monitor-link" [routerLink]="['/board', 'session', row.session.id]"
                        >Monitor session {{ row.session.sessionNumber }}</a
                      >
                    }
                  } @else if (
                    row.session.status === 'ordered' || row.session.status === 'cancelled'
                  ) {
                    <span
                      class="badge"
                      [class.badge--warning]="row.session.status === 'ordered'"
                      data-testid="session-order-status"
                      >{{ statusLabel(row.session) }}</span
                    >
                    <span class="status-detail">
                      planned, no dose given
                      @if (row.session.cancelReason) {
                        · {{ row.session.cancelReason }}
                      }
                    </span>
                    @if (canMonitor()) {
                      <a class="monitor-link" [routerLink]="['/board', 'session', row.session.id]"
                        >Open session<span class="visually-hidden">
                          of {{ dateTime(row.session.startedAt) }}</span
                        ></a
                      >
                    }
                  } @else {
                    {{ statusLabel(row.session) }}
                    @if (row.session.dischargedAt) {
                      {{ time(row.session, row.session.dischargedAt) }}
                    }
                    <span class="status-detail">
                      @if (row.session.readyAt) {
                        ready {{ time(row.session, row.session.readyAt) }}
                      } @else {
                        never ready
                      }
                    </span>
                    @if (row.session.dischargeOverrideReason; as reason) {
                      <span class="override">Discharged before ready (override): {{ reason }}</span>
                    }
                  }
                </td>
                <td class="table__number">{{ row.at24h }} / {{ row.at72h }}</td>
                <td class="amend-cell">
                  <app-amend-cell
                    [mark]="mark"
                    [recordId]="row.session.id"
                    [what]="'session ' + row.session.sessionNumber"
                    [rows]="amend"
                    [canAmend]="canAmend()"
                    [timeZone]="timeZone()"
                  />
                </td>
              </tr>
              @if (amend.isOpen(row.session.id)) {
                <tr class="amend-row">
                  <td colspan="7">
                    <app-mark-in-error
                      resource="session"
                      [recordId]="row.session.id"
                      [version]="row.session.version"
                      [description]="describe(row)"
                      (done)="amend.openId.set(null); amended.emit($event)"
                      (cancelled)="amend.close(row.session.id)"
                      (stale)="stale.emit()"
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
  styles: `
    .dose-warning,
    .override {
      display: block;
      color: var(--color-warning);
      font-weight: 600;
      font-size: 0.9375rem;
    }
    .monitor-link {
      display: block;
      font-weight: 600;
    }
    .status-detail {
      display: block;
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsTableComponent {
  readonly sessions = input.required<readonly SessionSummaryDto[]>();
  /** Each session's 24-h and 72-h points, when the response loaded. */
  readonly response = input<readonly ResponseSessionDto[] | null>(null);
  /** Nurses and psychiatrists may open the session's monitoring screen. */
  readonly canMonitor = input(false);
  readonly timeZone = input<string | undefined>(undefined);
  /** Psychiatrists only may mark a session entered in error (API.md). */
  readonly canAmend = input(false);
  readonly amended = output<EnteredInErrorDto>();
  /** 412 on a mark: the session changed meanwhile; the page reloads it. */
  readonly stale = output();

  protected readonly amend = new AmendRows();

  protected readonly rows = computed<SessionRow[]>(() => {
    const response = new Map((this.response() ?? []).map((r) => [r.sessionId, r]));
    return [...this.sessions()]
      .sort((a, b) => b.sessionNumber - a.sessionNumber)
      .map((session) => ({
        session,
        drugRoute: `${DRUG_LABELS[session.drug]} ${ROUTE_LABELS[session.route]}`,
        dose: formatMg(session.doseMg),
        perKg: session.doseMgPerKg === null ? null : formatMgPerKg(session.doseMgPerKg),
        at24h: pointLabel(response.get(session.id)?.at24h),
        at72h: pointLabel(response.get(session.id)?.at72h),
      }));
  });

  protected describe(row: SessionRow): string {
    return `session ${String(row.session.sessionNumber)} of ${this.dateTime(row.session.startedAt)}, ${row.drugRoute} ${row.dose}`;
  }

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }

  /** The time alone on the day of the dose; with the date on a later day. */
  protected time(session: SessionSummaryDto, iso: string): string {
    const zone = this.timeZone();
    return formatDate(iso, zone) === formatDate(session.startedAt, zone)
      ? formatTime(iso, zone)
      : formatDateTime(iso, zone);
  }

  protected statusLabel(session: SessionSummaryDto): string {
    return SESSION_STATUS_LABELS[session.status];
  }
}
