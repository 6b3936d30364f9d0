import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { EnteredInErrorDto, SessionSummaryDto, SideEffectDto } from '@clinic/shared';

import { AmendRows } from '../../ui/amendments/amend-rows';
import { AmendCellComponent } from '../../ui/amendments/amend-cell.component';
import { MarkInErrorComponent } from '../../ui/amendments/mark-in-error.component';
import { formatDateTime } from '../../ui/format';
import { seriousText, SIDE_EFFECT_LABELS, SIDE_EFFECT_SEVERITY_LABELS } from '../../ui/labels';

/**
 * Side effects reported after the patient's doses, newest first (those entered in error struck
 * through); a serious adverse event says so with its criterion ("Serious: ...").
 */
@Component({
  selector: 'app-side-effects-table',
  imports: [AmendCellComponent, MarkInErrorComponent],
  template: `
    @if (rows().length === 0) {
      <p class="panel state" data-testid="side-effects-empty">No side effect recorded.</p>
    } @else {
      <div class="table-wrap panel">
        <table class="table table--compact" data-testid="side-effects-table">
          <caption class="visually-hidden">
            Side effects, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Onset</th>
              <th scope="col">Side effect</th>
              <th scope="col">Severity</th>
              <th scope="col" class="table__number">Session</th>
              <th scope="col">Notes</th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.effect.id) {
              @let mark = row.effect.enteredInError;
              <tr [class.row--entered-in-error]="mark !== null">
                <td class="nowrap">{{ dateTime(row.effect.onsetAt) }}</td>
                <td>
                  {{ row.type }}
                  @if (row.serious; as serious) {
                    <span class="badge badge--danger" data-testid="side-effect-serious">{{
                      serious
                    }}</span>
                  }
                </td>
                <td>
                  @if (row.effect.severity === 'severe') {
                    <span class="badge badge--danger">{{ row.severity }}</span>
                  } @else {
                    {{ row.severity }}
                  }
                </td>
                <td class="table__number">{{ row.session }}</td>
                <td>{{ row.effect.notes ?? '' }}</td>
                <td class="amend-cell">
                  <app-amend-cell
                    [mark]="mark"
                    [recordId]="row.effect.id"
                    [what]="'the side effect ' + describe(row)"
                    [rows]="amend"
                    [canAmend]="canAmend()"
                    [timeZone]="timeZone()"
                  />
                </td>
              </tr>
              @if (amend.isOpen(row.effect.id)) {
                <tr class="amend-row">
                  <td colspan="6">
                    <app-mark-in-error
                      resource="side_effect"
                      [recordId]="row.effect.id"
                      [description]="describe(row)"
                      (done)="amend.openId.set(null); amended.emit($event)"
                      (cancelled)="amend.close(row.effect.id)"
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
export class SideEffectsTableComponent {
  readonly sideEffects = input.required<readonly SideEffectDto[]>();
  readonly sessions = input<readonly SessionSummaryDto[]>([]);
  readonly timeZone = input<string | undefined>(undefined);
  /** Psychiatrists and nurses may mark one entered in error. */
  readonly canAmend = input(false);
  readonly amended = output<EnteredInErrorDto>();

  protected readonly amend = new AmendRows();

  protected readonly rows = computed(() => {
    const numbers = new Map(this.sessions().map((s) => [s.id, s.sessionNumber]));
    return [...this.sideEffects()]
      .sort((a, b) => Date.parse(b.onsetAt) - Date.parse(a.onsetAt))
      .map((effect) => ({
        effect,
        type: SIDE_EFFECT_LABELS[effect.type],
        severity: SIDE_EFFECT_SEVERITY_LABELS[effect.severity],
        serious: effect.serious ? seriousText(effect.seriousCriterion) : null,
        session: String(numbers.get(effect.sessionId) ?? '—'),
      }));
  });

  protected describe(row: { type: string; severity: string; effect: SideEffectDto }): string {
    return `${row.type} (${row.severity.toLowerCase()}) from ${this.dateTime(row.effect.onsetAt)}`;
  }

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }
}
