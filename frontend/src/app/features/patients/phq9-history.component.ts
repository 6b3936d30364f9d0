import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import {
  type EnteredInErrorDto,
  type Phq9Dto,
  type SessionSummaryDto,
  doseAttribution,
} from '@clinic/shared';

import { AmendRows } from '../../ui/amendments/amend-rows';
import { AmendCellComponent } from '../../ui/amendments/amend-cell.component';
import { MarkInErrorComponent } from '../../ui/amendments/mark-in-error.component';
import { formatDateTime, formatHours } from '../../ui/format';
import { PHQ9_SEVERITY_LABELS, RECALL_LABELS } from '../../ui/labels';

interface Phq9Row {
  assessment: Phq9Dto;
  total: string;
  severity: string;
  recall: string;
  afterDose: string;
  item9: number | null;
}

/**
 * "72.1 h after session 5": hours from the latest session that started before the PHQ-9 (shared
 * doseAttribution, CLINICAL.md s5), whatever session it was recorded with; a PHQ-9 recorded with
 * a later session (its pre-dose PHQ-9) says so: "72.1 h after session 5 · pre-dose, session 6".
 */
export function afterDoseLabel(
  assessment: Pick<Phq9Dto, 'administeredAt' | 'sessionId'>,
  doses: readonly SessionSummaryDto[],
): string {
  const dose = doseAttribution(assessment.administeredAt, doses);
  const linked = doses.find((s) => s.id === assessment.sessionId);
  const preDose =
    linked !== undefined && Date.parse(linked.startedAt) >= Date.parse(assessment.administeredAt)
      ? ` · pre-dose, session ${String(linked.sessionNumber)}`
      : '';
  if (dose === null) {
    return `Before the first session${preDose}`;
  }
  return `${formatHours(dose.hoursSinceDose)} after session ${String(dose.session.sessionNumber)}${preDose}`;
}

/**
 * Every PHQ-9, newest first, with its recall period, prorated and invalid marks, and item 9
 * highlighted when positive (same-day clinician review, CLINICAL.md s1). A PHQ-9 entered in error
 * stays, struck through, with the reason, who and when; clinicians can mark one (`canAmend`).
 */
@Component({
  selector: 'app-phq9-history',
  imports: [AmendCellComponent, MarkInErrorComponent],
  template: `
    @if (rows().length === 0) {
      <p class="panel state" data-testid="phq9-empty">No PHQ-9 has been recorded yet.</p>
    } @else {
      <div class="table-wrap panel">
        <table class="table table--compact" data-testid="phq9-table">
          <caption class="visually-hidden">
            PHQ-9 history, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col" class="table__number">Total</th>
              <th scope="col">Severity</th>
              <th scope="col">Recall</th>
              <th scope="col">Time after dose</th>
              <th scope="col">Item 9</th>
              <th scope="col">Scoring</th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.assessment.id) {
              @let mark = row.assessment.enteredInError;
              <tr
                [class.row--alert]="row.assessment.item9Positive && !mark"
                [class.row--entered-in-error]="mark !== null"
                [attr.data-phq9-id]="row.assessment.id"
              >
                <td class="nowrap">{{ dateTime(row.assessment.administeredAt) }}</td>
                <td class="table__number total">{{ row.total }}</td>
                <td>{{ row.severity }}</td>
                <td>{{ row.recall }}</td>
                <td>{{ row.afterDose }}</td>
                <td>
                  @if (row.assessment.item9Positive) {
                    <span class="badge badge--danger" data-testid="item9-positive"
                      >{{ row.item9 }}: same-day review</span
                    >
                  } @else if (row.item9 === null) {
                    <span class="muted">Not answered</span>
                  } @else {
                    {{ row.item9 }}
                  }
                </td>
                <td>
                  @if (!row.assessment.valid) {
                    <span class="badge badge--warning">Invalid: 3 or more items missing</span>
                  } @else if (row.assessment.prorated) {
                    <span class="badge badge--neutral">Prorated (items missing)</span>
                  } @else {
                    <span class="muted">Complete</span>
                  }
                </td>
                <td class="amend-cell">
                  <app-amend-cell
                    [mark]="mark"
                    [recordId]="row.assessment.id"
                    [what]="'the PHQ-9 of ' + dateTime(row.assessment.administeredAt)"
                    [rows]="amend"
                    [canAmend]="canAmend()"
                    [timeZone]="timeZone()"
                  />
                </td>
              </tr>
              @if (amend.isOpen(row.assessment.id)) {
                <tr class="amend-row">
                  <td colspan="8">
                    <app-mark-in-error
                      resource="phq9"
                      [recordId]="row.assessment.id"
                      [description]="describe(row)"
                      (done)="amend.openId.set(null); amended.emit($event)"
                      (cancelled)="amend.close(row.assessment.id)"
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
    .total {
      font-weight: 700;
    }
    .table tbody tr.row--alert {
      background: var(--color-danger-tint);
      box-shadow: inset 4px 0 0 var(--color-danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Phq9HistoryComponent {
  readonly phq9 = input.required<readonly Phq9Dto[]>();
  readonly sessions = input<readonly SessionSummaryDto[]>([]);
  readonly timeZone = input<string | undefined>(undefined);
  /** Psychiatrists and nurses may mark a PHQ-9 entered in error. */
  readonly canAmend = input(false);
  readonly amended = output<EnteredInErrorDto>();

  protected readonly amend = new AmendRows();

  protected readonly rows = computed<Phq9Row[]>(() => {
    // Doses given: sessions entered in error are not doses the patient had.
    const doses = this.sessions().filter((s) => s.enteredInError === null);
    return [...this.phq9()]
      .sort((a, b) => Date.parse(b.administeredAt) - Date.parse(a.administeredAt))
      .map((assessment) => ({
        assessment,
        total: assessment.total === null ? 'Not scored' : String(assessment.total),
        severity: assessment.severity ? PHQ9_SEVERITY_LABELS[assessment.severity] : '—',
        recall: RECALL_LABELS[assessment.recall],
        afterDose: afterDoseLabel(assessment, doses),
        item9: assessment.items[8] ?? null,
      }));
  });

  protected describe(row: Phq9Row): string {
    return `PHQ-9 of ${this.dateTime(row.assessment.administeredAt)}, total ${row.total}`;
  }

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }
}
