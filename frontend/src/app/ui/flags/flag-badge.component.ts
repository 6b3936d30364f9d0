import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { FlagDto } from '@clinic/shared';

import { evidenceWithdrawnLine } from './flag-format';
import { FLAG_SEVERITY_LABELS, flagTitle } from '../labels';

let nextId = 0;

/**
 * A flag as a severity badge ("Critical · Severe blood pressure"); the rule's message with its
 * numbers shows on hover and on keyboard focus, and is the badge's accessible description.
 */
@Component({
  selector: 'app-flag-badge',
  template: `
    @let current = flag();
    <span
      [class]="'badge badge--' + current.severity"
      [class.badge--acknowledged]="
        current.status === 'acknowledged' && current.newEvidenceSince === null
      "
      tabindex="0"
      [attr.aria-describedby]="tipId"
      [attr.data-rule]="current.rule"
      [attr.data-severity]="current.severity"
      data-testid="flag-badge"
    >
      <span class="badge__severity">{{ severityLabel() }}</span>&ngsp;
      <span class="badge__title">{{ title() }}</span>
      @if (current.evidenceWithdrawn && current.status !== 'resolved') {
        &ngsp;<span class="badge__status" data-testid="flag-badge-withdrawn"
          >(evidence entered in error)</span
        >
      }
      @if (current.status === 'acknowledged') {
        &ngsp;<span class="badge__status">{{
          current.newEvidenceSince === null ? '(acknowledged)' : '(acknowledged · new since)'
        }}</span>
      } @else if (current.newEvidenceSince !== null) {
        &ngsp;<span class="badge__status">(reopened)</span>
      }
    </span>
    <span class="tip" role="tooltip" [id]="tipId">
      {{ current.message }}
      @if (withdrawn(); as line) {
        &ngsp;<span class="tip__note">{{ line }}</span>
      }
      @if (current.ruleNote) {
        &ngsp;<span class="tip__note">{{ current.ruleNote }}</span>
      }
    </span>
  `,
  styles: `
    :host {
      position: relative;
      display: inline-block;
      max-width: 100%;
    }
    .badge {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0 var(--space-2);
      min-height: 2.25rem;
      padding: var(--space-1) var(--space-3);
      border: 2px solid currentColor;
      border-radius: var(--radius);
      font-size: 1rem;
      line-height: 1.3;
      cursor: help;
    }
    .badge__severity {
      font-weight: 800;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .badge__title {
      font-weight: 600;
    }
    .badge--critical {
      background: #b3261e;
      border-color: #b3261e;
      color: #ffffff;
    }
    .badge--warning {
      background: #fff4d6;
      border-color: #8a5a00;
      color: #5c3c00;
    }
    .badge--info {
      background: var(--color-primary-tint);
      border-color: var(--color-primary);
      color: var(--color-primary-strong);
    }
    .badge--acknowledged {
      border-style: dashed;
    }
    .badge__status {
      font-weight: 400;
    }
    .tip {
      display: none;
      position: absolute;
      z-index: 10;
      top: calc(100% + var(--space-1));
      left: 0;
      width: max-content;
      max-width: min(26rem, 80vw);
      padding: var(--space-2) var(--space-3);
      border-radius: var(--radius);
      background: var(--color-text);
      color: #ffffff;
      font-size: 1rem;
      line-height: 1.4;
      box-shadow: var(--shadow);
    }
    .tip__note {
      display: block;
      margin-top: var(--space-1);
      font-style: italic;
    }
    :host(:hover) .tip,
    .badge:focus + .tip {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagBadgeComponent {
  readonly flag = input.required<FlagDto>();

  protected readonly tipId = `flag-tip-${String(++nextId)}`;
  protected readonly severityLabel = computed(() => FLAG_SEVERITY_LABELS[this.flag().severity]);
  protected readonly title = computed(() => flagTitle(this.flag()));
  /** Issue 19: the records behind it were entered in error; who must review it. */
  protected readonly withdrawn = computed(() => evidenceWithdrawnLine(this.flag()));
}
