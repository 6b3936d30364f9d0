import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { PatientDto } from '@clinic/shared';

import { formatCalendarDate } from '../../ui/format';
import type { PatientAction } from './patient-actions';
import { ageInYears, patientDisplayName, sexLabel, weightLabel } from '../../ui/patient-format';

/** Who the patient is, and the actions the user's role may take from here. */
@Component({
  selector: 'app-patient-header',
  imports: [RouterLink],
  template: `
    <div class="patient-header panel">
      <div class="patient-header__who">
        <h1 id="patient-title" class="patient-header__name">{{ name() }}</h1>
        <dl class="patient-header__facts" data-testid="patient-demographics">
          <div>
            <dt>MRN</dt>
            <dd class="numeric">{{ patient().mrn }}</dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>{{ born() }} ({{ age() }} years)</dd>
          </div>
          <div>
            <dt>Sex</dt>
            <dd>{{ sex() }}</dd>
          </div>
          <div>
            <dt>Weight</dt>
            <dd>{{ weight() ?? 'Not recorded' }}</dd>
          </div>
          @if (clinicName(); as clinic) {
            <div>
              <dt>Clinic</dt>
              <dd>{{ clinic }}</dd>
            </div>
          }
        </dl>
      </div>
      @if (actions().length > 0) {
        <div class="patient-header__actions">
          @for (action of actions(); track action.testId) {
            <a
              class="button"
              [class.button--primary]="action.primary"
              [class.button--secondary]="!action.primary"
              [routerLink]="action.link"
              [attr.data-testid]="action.testId"
              >{{ action.label }}</a
            >
          }
        </div>
      }
    </div>
  `,
  styles: `
    .patient-header {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: var(--space-4);
    }
    .patient-header__name {
      margin: 0 0 var(--space-2);
    }
    .patient-header__facts {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-1) var(--space-5);
      margin: 0;
    }
    .patient-header__facts div {
      display: flex;
      gap: var(--space-2);
    }
    .patient-header__facts dt {
      color: var(--color-text-muted);
    }
    .patient-header__facts dd {
      margin: 0;
      font-weight: 600;
    }
    .patient-header__actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-3);
    }
    .patient-header__actions .button {
      text-decoration: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHeaderComponent {
  readonly patient = input.required<PatientDto>();
  readonly clinicName = input<string | null>(null);
  readonly actions = input<readonly PatientAction[]>([]);
  /** "Today", for the age (an input so tests are stable). */
  readonly today = input<Date>(new Date());

  protected readonly name = computed(() => patientDisplayName(this.patient()));
  protected readonly born = computed(() => formatCalendarDate(this.patient().birthDate));
  protected readonly age = computed(() => ageInYears(this.patient().birthDate, this.today()));
  protected readonly sex = computed(() => sexLabel(this.patient()));
  protected readonly weight = computed(() => weightLabel(this.patient().weightKg));
}
