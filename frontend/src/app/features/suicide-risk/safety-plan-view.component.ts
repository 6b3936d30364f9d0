import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PutSafetyPlanRequest } from '@clinic/shared';

import { LIST_STEPS, MEANS_SAFETY_STEP, REASONS_STEP } from './safety-plan-form';

/** One version of a safety plan, read only: the six steps and the reasons for living. */
@Component({
  selector: 'app-safety-plan-view',
  template: `
    @let p = plan();
    <ol class="steps">
      @for (step of listSteps; track step.key) {
        <li class="step">
          <p class="step__heading" role="heading" [attr.aria-level]="headingLevel()">
            <span class="step__number">Step {{ step.number }}</span
            >&ngsp;<span class="step__title">{{ step.title }}</span>
          </p>
          @if (p[step.key].length > 0) {
            <ul class="step__entries">
              @for (entry of p[step.key]; track $index) {
                <li>{{ entry }}</li>
              }
            </ul>
          } @else {
            <p class="muted">None written.</p>
          }
        </li>
      }
      @for (step of textSteps; track step.key) {
        <li class="step">
          <p class="step__heading" role="heading" [attr.aria-level]="headingLevel()">
            @if (step.number !== null) {
              <span class="step__number">Step {{ step.number }}</span
              >&ngsp;
            }
            <span class="step__title">{{ step.title }}</span>
          </p>
          @if (p[step.key]) {
            <p class="step__text">{{ p[step.key] }}</p>
          } @else {
            <p class="muted">None written.</p>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .steps {
      display: grid;
      gap: var(--space-3);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .step {
      padding: var(--space-3) var(--space-4);
      background: var(--color-surface);
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
    }
    .step p {
      margin: 0;
    }
    .step__heading {
      margin-bottom: var(--space-2) !important;
    }
    .step__number {
      display: block;
      color: var(--color-text-muted);
      font-size: 0.9375rem;
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .step__title {
      display: block;
      font-size: 1.125rem;
      font-weight: 700;
    }
    .step__entries {
      margin: 0;
      padding-left: var(--space-5);
    }
    .step__text {
      white-space: pre-wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SafetyPlanViewComponent {
  readonly plan = input.required<PutSafetyPlanRequest>();
  /** The level of the steps' headings under the page's outline. */
  readonly headingLevel = input(2);

  protected readonly listSteps = LIST_STEPS;
  protected readonly textSteps = [MEANS_SAFETY_STEP, REASONS_STEP];
}
