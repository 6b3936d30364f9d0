import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The messages of a refused write that name no field of the form (api/http.ts `serverErrors`
 * `general`), above the form: "The patient was not saved:" and the list. Focusable, so
 * `focusFirstInvalid` lands here when no field is in error.
 */
@Component({
  selector: 'app-form-errors',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (messages().length > 0) {
      <div
        class="alert alert--error"
        role="alert"
        tabindex="-1"
        data-form-errors="true"
        [attr.data-testid]="testId()"
      >
        <p>{{ heading() }}</p>
        <ul>
          @for (message of messages(); track $index) {
            <li>{{ message }}</li>
          }
        </ul>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class FormErrorsComponent {
  readonly messages = input.required<readonly string[]>();
  /** "The patient was not saved:". */
  readonly heading = input.required<string>();
  readonly testId = input<string | null>(null);
}
