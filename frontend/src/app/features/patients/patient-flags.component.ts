import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type FlagDto, RULES, type RuleDefinition } from '@clinic/shared';

import { flagTitle } from '../../ui/labels';
import { FlagCardComponent, type FlagView } from './flag-card.component';
import { isActiveFlag, orderFlags } from './patient-record';

const RULE_BY_ID: Readonly<Record<string, RuleDefinition | undefined>> = RULES;

/** The patient's flags: those needing a person first, resolved ones folded away. */
@Component({
  selector: 'app-patient-flags',
  imports: [RouterLink, FlagCardComponent],
  template: `
    @if (views().length === 0) {
      <p class="panel state" data-testid="flags-empty">No flag has been raised for this patient.</p>
    } @else {
      @if (active().length === 0) {
        <p class="panel state">No open flag.</p>
      } @else {
        <ul class="flags" data-testid="flags-list">
          @for (view of active(); track view.flag.id) {
            <li>
              <app-flag-card [view]="view" [timeZone]="timeZone()" [canScreen]="canScreen()" />
            </li>
          }
        </ul>
      }
      @if (resolved().length > 0) {
        <details class="flags-resolved">
          <summary>Resolved flags ({{ resolved().length }})</summary>
          <ul class="flags">
            @for (view of resolved(); track view.flag.id) {
              <li><app-flag-card [view]="view" [timeZone]="timeZone()" /></li>
            }
          </ul>
        </details>
      }
      @if (showInboxLink()) {
        <p class="flags-inbox">
          <a routerLink="/flags">Acknowledge or resolve in the flags inbox</a>
        </p>
      }
    }
  `,
  styles: `
    .flags {
      display: grid;
      gap: var(--space-3);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .flags-resolved {
      margin-top: var(--space-3);
    }
    .flags-resolved summary {
      min-height: var(--touch-target);
      display: flex;
      align-items: center;
      font-weight: 600;
      cursor: pointer;
    }
    .flags-inbox {
      margin: var(--space-3) 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientFlagsComponent {
  readonly flags = input.required<readonly FlagDto[]>();
  readonly sessionNumbers = input<ReadonlyMap<string, number>>(new Map());
  readonly showInboxLink = input(false);
  readonly timeZone = input<string | undefined>(undefined);
  /** Psychiatrists and nurses: item-9 flags offer "Screen with C-SSRS". */
  readonly canScreen = input(false);

  protected readonly views = computed<FlagView[]>(() =>
    orderFlags(this.flags()).map((flag) => {
      const rule = RULE_BY_ID[flag.rule];
      return {
        flag,
        title: flagTitle(flag),
        hint: flag.ruleNote ?? rule?.note ?? null,
        session: flag.sessionId ? (this.sessionNumbers().get(flag.sessionId) ?? null) : null,
      };
    }),
  );
  protected readonly active = computed(() => this.views().filter((v) => isActiveFlag(v.flag)));
  protected readonly resolved = computed(() => this.views().filter((v) => !isActiveFlag(v.flag)));
}
