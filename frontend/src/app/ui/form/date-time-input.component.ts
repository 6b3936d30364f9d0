import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  forwardRef,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import {
  type AbstractControl,
  type ControlValueAccessor,
  NG_VALIDATORS,
  NG_VALUE_ACCESSOR,
  type ValidationErrors,
  type Validator,
} from '@angular/forms';
import {
  DAY_FORMAT,
  type DateTimeKind,
  INVALID_DATE_TIME,
  TIME_ERROR,
  TIME_FORMAT,
  textsToValue,
  valueToTexts,
} from './date-time-text';
import { FieldComponent } from './field.component';

let nextId = 0;

/**
 * A day-first, 24-hour date, time or date-and-time input (issue 20 item 6), in place of the
 * native `<input type="date|time|datetime-local">` that Chromium shows as mm/dd/yyyy and 12-hour
 * time whatever the page's language. Text boxes with `inputmode="numeric"`, the format shown
 * under each; the value keeps the native formats ('YYYY-MM-DD', 'HH:MM', 'YYYY-MM-DDTHH:MM'), so
 * the forms around it are unchanged. Text it cannot read is reported to the `<app-field>` around
 * it as the field's message (when the box is left or Enter pressed) and emitted as
 * `INVALID_DATE_TIME`, which no form accepts, never as a blank (a blank time means "now").
 *
 * Inside an `<app-field>` (the field's label, id, hint and message go to the boxes; the first box
 * takes the field's `controlId`):
 * ```html
 * <app-field label="Time given" controlId="phq9-time" [error]="timeError()">
 *   <app-date-time-input kind="datetime" [value]="at()" (valueChange)="at.set($event)" />
 * </app-field>
 * ```
 * or with Angular forms: `<app-date-time-input kind="date" formControlName="birthDate" />`
 * (its validator reports `{ dateTime: message }`).
 */
@Component({
  selector: 'app-date-time-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    {
      provide: NG_VALUE_ACCESSOR,
      useExisting: forwardRef(() => DateTimeInputComponent),
      multi: true,
    },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => DateTimeInputComponent), multi: true },
  ],
  host: { class: 'date-time' },
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-2, 0.5rem) var(--space-3, 0.75rem);
      align-items: flex-start;
    }
    .date-time__part {
      display: flex;
      flex-direction: column;
      gap: 0.125rem;
    }
    .date-time__part .field__input {
      font-variant-numeric: tabular-nums;
    }
    .date-time__day .field__input {
      width: 9.5em;
    }
    .date-time__time .field__input {
      width: 6.5em;
    }
    .date-time__part .field__input {
      max-width: 100%;
    }
    .date-time__format {
      color: var(--color-text-muted);
      font-size: 0.9375rem;
    }
  `,
  template: `
    @if (kind() !== 'time') {
      <span class="date-time__part date-time__day">
        <input
          class="field__input"
          type="text"
          inputmode="numeric"
          autocomplete="off"
          data-part="day"
          [id]="dayId()"
          [attr.aria-label]="field ? null : ariaLabel()"
          [attr.placeholder]="dayFormat"
          [attr.aria-invalid]="dayInvalid() ? 'true' : null"
          [attr.aria-describedby]="describedBy(dayFormatId())"
          [attr.data-error-target]="dayInvalid() ? 'true' : null"
          [disabled]="disabled()"
          [value]="dayText()"
          (input)="typed('day', $any($event.target).value)"
          (change)="commit()"
          (blur)="touched()"
          (keydown.enter)="commit()"
        />
        <span class="date-time__format" [id]="dayFormatId()">{{ dayHint }}</span>
      </span>
    }
    @if (kind() !== 'date') {
      <span class="date-time__part date-time__time">
        <input
          class="field__input"
          type="text"
          inputmode="numeric"
          autocomplete="off"
          data-part="time"
          [id]="timeId()"
          [attr.aria-label]="kind() === 'time' ? (field ? null : ariaLabel()) : null"
          [attr.aria-labelledby]="kind() === 'datetime' ? timeFormatId() : null"
          [attr.placeholder]="timeFormat"
          [attr.aria-invalid]="timeInvalid() ? 'true' : null"
          [attr.aria-describedby]="describedBy(timeFormatId())"
          [attr.data-error-target]="timeInvalid() ? 'true' : null"
          [disabled]="disabled()"
          [value]="timeText()"
          (input)="typed('time', $any($event.target).value)"
          (change)="commit()"
          (blur)="touched()"
          (keydown.enter)="commit()"
        />
        <span class="date-time__format" [id]="timeFormatId()">{{ timeHint }}</span>
      </span>
    }
  `,
})
export class DateTimeInputComponent implements ControlValueAccessor, Validator {
  /** 'date' ('YYYY-MM-DD'), 'time' ('HH:MM') or 'datetime' ('YYYY-MM-DDTHH:MM'). */
  readonly kind = input.required<DateTimeKind>();
  /** The value (without Angular forms); the boxes follow it when it changes from outside. */
  readonly value = input<string | null | undefined>(undefined);
  /** The accessible name when not inside an `<app-field>`. */
  readonly ariaLabel = input<string | null>(null);
  /** Each change of the text: the value, '' when blank, `INVALID_DATE_TIME` when unreadable. */
  readonly valueChange = output<string>();
  /** The value when the box is left or Enter pressed (as a native input's `change`). */
  readonly committed = output<string>();

  protected readonly field = inject(FieldComponent, { optional: true });
  protected readonly dayFormat = DAY_FORMAT;
  protected readonly timeFormat = TIME_FORMAT;
  protected readonly dayHint = `Day, ${DAY_FORMAT}`;
  protected readonly timeHint = `Time, 24-hour ${TIME_FORMAT}`;

  private readonly ownId = `date-time-${String(nextId++)}`;
  private readonly baseId = computed(() => this.field?.controlId() ?? this.ownId);
  protected readonly dayId = computed(() => this.baseId());
  protected readonly timeId = computed(() =>
    this.kind() === 'time' ? this.baseId() : `${this.baseId()}-time`,
  );
  protected readonly dayFormatId = computed(() => `${this.baseId()}-day-format`);
  protected readonly timeFormatId = computed(() => `${this.baseId()}-time-format`);

  protected readonly dayText = signal('');
  protected readonly timeText = signal('');
  protected readonly disabled = signal(false);
  /** The message for the text, shown once the box is left (or Enter pressed). */
  private readonly shownError = signal<string | null>(null);
  private readonly parsed = computed(() =>
    textsToValue(this.kind(), this.dayText(), this.timeText()),
  );
  /** The value last sent out: the boxes are not rewritten when it comes back. */
  private lastValue: string | null = null;
  private onChange: (value: string) => void = () => undefined;
  private onTouched: () => void = () => undefined;
  private onValidatorChange: () => void = () => undefined;

  /** The field shows a message (its own check, the server's, or this box's). */
  private readonly invalid = computed(() =>
    this.field ? this.field.message() !== null : this.shownError() !== null,
  );
  /** Which box the text's own message is about, if any. */
  private readonly partInError = computed(() => {
    const error = this.shownError();
    return error === null ? null : error === TIME_ERROR ? 'time' : 'day';
  });
  protected readonly dayInvalid = computed(() => this.invalid() && this.partInError() !== 'time');
  protected readonly timeInvalid = computed(() => this.invalid() && this.partInError() !== 'day');

  constructor() {
    effect(() => {
      const value = this.value();
      if (value !== undefined) {
        untracked(() => this.show(value));
      }
    });
    effect(() => {
      const error = this.shownError();
      untracked(() => this.field?.controlError.set(error));
    });
    inject(DestroyRef).onDestroy(() => this.field?.controlError.set(null));
  }

  /** aria-describedby of a box: its format, then the field's hint and message. */
  protected describedBy(formatId: string | null): string | null {
    const ids = [formatId, this.field?.describedBy() ?? null].filter((id) => id !== null);
    return ids.length === 0 ? null : ids.join(' ');
  }

  protected typed(part: 'day' | 'time', text: string): void {
    (part === 'day' ? this.dayText : this.timeText).set(text);
    const parsed = this.parsed();
    if ('value' in parsed) {
      this.shownError.set(null);
    }
    const value = 'value' in parsed ? parsed.value : INVALID_DATE_TIME;
    this.lastValue = value;
    this.onChange(value);
    this.onValidatorChange();
    this.valueChange.emit(value);
  }

  /** Left or Enter: show the message for unreadable text, or the text in its format. */
  protected commit(): void {
    const parsed = this.parsed();
    if ('error' in parsed) {
      this.shownError.set(parsed.error);
      this.committed.emit(INVALID_DATE_TIME);
    } else {
      this.shownError.set(null);
      const [day, time] = valueToTexts(this.kind(), parsed.value);
      // A half-typed date-and-time keeps what was typed; a whole one is shown in its format.
      if (parsed.value !== '') {
        this.dayText.set(day);
        this.timeText.set(time);
      }
      this.committed.emit(parsed.value);
    }
  }

  protected touched(): void {
    this.onTouched();
  }

  private show(value: string | null): void {
    if (value === this.lastValue || value === INVALID_DATE_TIME) {
      return;
    }
    this.lastValue = value;
    const [day, time] = valueToTexts(this.kind(), value);
    this.dayText.set(day);
    this.timeText.set(time);
    this.shownError.set(null);
  }

  writeValue(value: unknown): void {
    this.show(typeof value === 'string' ? value : '');
  }

  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  validate(_control: AbstractControl): ValidationErrors | null {
    const parsed = this.parsed();
    return 'error' in parsed ? { dateTime: parsed.error } : null;
  }

  registerOnValidatorChange(fn: () => void): void {
    this.onValidatorChange = fn;
  }
}
