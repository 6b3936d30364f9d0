import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterNextRender,
  effect,
  input,
  output,
  viewChild,
  Injector,
  inject,
} from '@angular/core';
import type { OrderWarning } from '@clinic/shared';

/**
 * The warnings of the order form (CLINICAL.md s3 v2: an open critical flag, a recent session, the
 * misuse cap), shown BEFORE saving. Once a save was tried, it asks to confirm: "Order anyway"
 * saves, "Review" goes back to the form.
 */
@Component({
  selector: 'app-order-warnings',
  template: `
    @if (warnings().length > 0) {
      <div
        #panel
        class="alert alert--warning order-warnings"
        role="region"
        aria-labelledby="order-warnings-title"
        tabindex="-1"
        data-testid="order-warnings"
      >
        <p id="order-warnings-title" class="order-warnings__title">
          <span aria-hidden="true">⚠</span> Check before ordering:
        </p>
        <ul>
          @for (warning of warnings(); track warning.message) {
            <li data-testid="order-warning">{{ warning.message }}</li>
          }
        </ul>
        @if (confirming()) {
          <p class="order-warnings__ask" role="alert">
            Confirm you have reviewed these warnings and still want to
            {{ retrospective() ? 'record this dose' : 'order this session' }}.
          </p>
          <div class="order-warnings__actions">
            <button type="button" class="button button--primary" (click)="confirm.emit()">
              {{ retrospective() ? 'Record anyway' : 'Order anyway' }}
            </button>
            <button type="button" class="button" (click)="review.emit()">Review the order</button>
          </div>
        }
      </div>
    }
  `,
  styles: `
    .order-warnings__title {
      font-weight: 600;
      margin: 0 0 0.25rem;
    }
    .order-warnings ul {
      margin: 0 0 0.5rem;
      padding-left: 1.25rem;
    }
    .order-warnings__ask {
      font-weight: 600;
    }
    .order-warnings__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderWarningsComponent {
  readonly warnings = input.required<readonly OrderWarning[]>();
  readonly confirming = input(false);
  readonly retrospective = input(false);
  readonly confirm = output();
  readonly review = output();

  private readonly panel = viewChild<ElementRef<HTMLElement>>('panel');
  private readonly injector = inject(Injector);

  constructor() {
    // Asked to confirm: the warnings take the focus, so a keyboard or screen-reader user hears them.
    effect(() => {
      if (this.confirming()) {
        afterNextRender(() => this.panel()?.nativeElement.focus(), { injector: this.injector });
      }
    });
  }
}
