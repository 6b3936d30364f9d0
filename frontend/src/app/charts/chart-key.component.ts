import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { CHART_COLORS } from './chart-theme';

export type ChartKeySymbol =
  | 'latest-line'
  | 'earlier-line'
  | 'course-line'
  | 'circle'
  | 'diamond'
  | 'triangle'
  | 'hollow'
  | 'dose'
  | 'window'
  | 'baseline'
  | 'response'
  | 'remission';

export interface ChartKeyItem {
  symbol: ChartKeySymbol;
  label: string;
}

/**
 * The key of a chart, as HTML under it: each symbol drawn as on the canvas, with words. The
 * symbols are decorative (aria-hidden); the words say everything.
 */
@Component({
  selector: 'app-chart-key',
  template: `
    <ul class="chart-key" [attr.aria-label]="label()">
      @for (item of items(); track item.label) {
        <li class="chart-key__item">
          <svg
            class="chart-key__symbol"
            width="28"
            height="16"
            viewBox="0 0 28 16"
            aria-hidden="true"
          >
            @switch (item.symbol) {
              @case ('latest-line') {
                <line x1="2" y1="8" x2="26" y2="8" [attr.stroke]="colors.latest" stroke-width="3" />
              }
              @case ('earlier-line') {
                <line
                  x1="2"
                  y1="8"
                  x2="26"
                  y2="8"
                  [attr.stroke]="colors.earlier"
                  stroke-width="2"
                />
              }
              @case ('course-line') {
                <line x1="2" y1="8" x2="26" y2="8" [attr.stroke]="colors.course" stroke-width="2" />
              }
              @case ('circle') {
                <circle cx="14" cy="8" r="5" [attr.fill]="colors.latest" />
              }
              @case ('diamond') {
                <path d="M14 2 L20 8 L14 14 L8 8 Z" [attr.fill]="colors.latest" />
              }
              @case ('triangle') {
                <path d="M14 2 L20 14 L8 14 Z" [attr.fill]="colors.latest" />
              }
              @case ('hollow') {
                <circle
                  cx="14"
                  cy="8"
                  r="5"
                  [attr.fill]="colors.hollow"
                  [attr.stroke]="colors.latest"
                  stroke-width="2"
                />
              }
              @case ('dose') {
                <path d="M8 3 L20 3 L14 13 Z" [attr.fill]="colors.dose" />
              }
              @case ('window') {
                <rect x="2" y="1" width="24" height="14" fill="rgb(11 93 122 / 18%)" />
              }
              @case ('baseline') {
                <line
                  x1="2"
                  y1="8"
                  x2="26"
                  y2="8"
                  [attr.stroke]="colors.baseline"
                  stroke-width="2"
                  stroke-dasharray="5 3"
                />
              }
              @case ('response') {
                <rect x="2" y="1" width="24" height="14" fill="rgb(28 107 58 / 16%)" />
                <line
                  x1="2"
                  y1="2"
                  x2="26"
                  y2="2"
                  [attr.stroke]="colors.response"
                  stroke-width="2"
                  stroke-dasharray="4 3"
                />
              }
              @case ('remission') {
                <rect x="2" y="1" width="24" height="14" fill="rgb(28 107 58 / 30%)" />
                <line
                  x1="2"
                  y1="2"
                  x2="26"
                  y2="2"
                  [attr.stroke]="colors.remission"
                  stroke-width="2"
                />
              }
            }
          </svg>
          <span>{{ item.label }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    .chart-key {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-1) var(--space-4);
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 0.9375rem;
      color: var(--color-text-muted);
    }
    .chart-key__item {
      display: inline-flex;
      align-items: center;
      gap: var(--space-2);
    }
    .chart-key__symbol {
      flex: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartKeyComponent {
  readonly items = input.required<readonly ChartKeyItem[]>();
  readonly label = input('Chart key');
  protected readonly colors = CHART_COLORS;
}
