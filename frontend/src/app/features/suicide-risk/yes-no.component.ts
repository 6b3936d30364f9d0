import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { type Choice, ChoiceGroupComponent } from '../../ui/form/choice-group.component';

type YesNo = 'Yes' | 'No';
const YES_NO: readonly Choice<YesNo>[] = [
  { value: 'Yes', label: 'Yes' },
  { value: 'No', label: 'No' },
];

/**
 * One yes/no question (the house choice group with the answers Yes and No) whose value is a
 * boolean: unanswered is null (never "no").
 */
@Component({
  selector: 'app-yes-no',
  imports: [ChoiceGroupComponent],
  template: `
    <app-choice-group
      [name]="name()"
      [options]="options"
      [error]="error()"
      [value]="choice()"
      (valueChange)="value.set($event === null ? null : $event === 'Yes')"
    >
      <ng-content />
    </app-choice-group>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class YesNoComponent {
  /** The radio group's name, also the prefix of ids and the test id. */
  readonly name = input.required<string>();
  readonly value = model<boolean | null>(null);
  readonly error = input<string | null>(null);

  protected readonly options = YES_NO;
  protected readonly choice = computed<YesNo | null>(() => {
    const value = this.value();
    return value === null ? null : value ? 'Yes' : 'No';
  });
}
