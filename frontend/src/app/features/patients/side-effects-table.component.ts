import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SessionSummaryDto, SideEffectDto } from '@clinic/shared';

import { formatDateTime } from '../../ui/format';
import { SIDE_EFFECT_LABELS, SIDE_EFFECT_SEVERITY_LABELS } from '../../ui/labels';

/** Side effects reported after the patient's doses, newest first. */
@Component({
  selector: 'app-side-effects-table',
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
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.effect.id) {
              <tr>
                <td class="nowrap">{{ dateTime(row.effect.onsetAt) }}</td>
                <td>{{ row.type }}</td>
                <td>
                  @if (row.effect.severity === 'severe') {
                    <span class="badge badge--danger">{{ row.severity }}</span>
                  } @else {
                    {{ row.severity }}
                  }
                </td>
                <td class="table__number">{{ row.session }}</td>
                <td>{{ row.effect.notes ?? '' }}</td>
              </tr>
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

  protected readonly rows = computed(() => {
    const numbers = new Map(this.sessions().map((s) => [s.id, s.sessionNumber]));
    return [...this.sideEffects()]
      .sort((a, b) => Date.parse(b.onsetAt) - Date.parse(a.onsetAt))
      .map((effect) => ({
        effect,
        type: SIDE_EFFECT_LABELS[effect.type],
        severity: SIDE_EFFECT_SEVERITY_LABELS[effect.severity],
        session: String(numbers.get(effect.sessionId) ?? '—'),
      }));
  });

  protected dateTime(iso: string): string {
    return formatDateTime(iso, this.timeZone());
  }
}
