import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type CreateObservationRequest,
  type ObservationDto,
  cadss6Total,
  validateCadss6,
} from '@clinic/shared';
import { Subject, catchError, exhaustMap, map, of } from 'rxjs';

import { SessionsApi } from '../../api/sessions.api';
import {
  CADSS6_ITEM_NUMBERS,
  CADSS6_ITEM_WORDING,
  CADSS_ANCHORS,
  MOAAS_LEVELS,
} from '../../ui/labels';
import { timeInputValue } from '../../ui/local-time';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalidNow } from '../../ui/form/focus-first-invalid';
import { formatTime } from '../../ui/format';
import { errorMessages, IdempotencyKeys } from '../../api/http';
import {
  type NumberField,
  type ObservationErrorKey,
  type ObservationErrors,
  type ObservationFormValue,
  emptyObservationForm,
  hasErrors,
  observationRequest,
  placeMessages,
  recordedAt,
  validateObservationForm,
} from './observation-form';

type SubmitResult = { ok: true; observation: ObservationDto } | { ok: false; messages: string[] };

/** The number fields in form order; systolic BP first (focus returns there after saving). */
const NUMBER_FIELD_META: readonly {
  field: NumberField;
  id: string;
  label: string;
  unit: string;
}[] = [
  { field: 'systolic', id: 'obs-systolic', label: 'Systolic BP', unit: 'mmHg' },
  { field: 'diastolic', id: 'obs-diastolic', label: 'Diastolic BP', unit: 'mmHg' },
  { field: 'heartRate', id: 'obs-heart-rate', label: 'Heart rate', unit: 'bpm' },
  { field: 'spo2', id: 'obs-spo2', label: 'SpO₂', unit: '%' },
  { field: 'respiratoryRate', id: 'obs-respiratory-rate', label: 'Resp. rate', unit: '/min' },
];
const FIRST_FIELD_ID = 'obs-systolic';

const TIME_MESSAGE = 'Enter a time that is not in the future, as HH:MM.';

/**
 * Fast observation entry, keyboard only: type the numbers, Tab between fields, Enter saves.
 * Checked here with the shared plausibility checks before it is sent; after saving, the form
 * clears and the cursor is back in the first field for the next reading.
 */
@Component({
  selector: 'app-observation-form',
  imports: [...FIELD, DateTimeInputComponent],
  templateUrl: './observation-form.component.html',
  styleUrl: './observation-form.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObservationFormComponent {
  private readonly api = inject(SessionsApi);
  private readonly injector = inject(Injector);

  readonly sessionId = input.required<string>();
  /** The clock of the page (moves every 30 s), for the "now" shown in the time field. */
  readonly now = input.required<number>();
  /** The clinic's time zone: times are typed and shown as the clinic reads them. */
  readonly timeZone = input<string | undefined>(undefined);
  /** The dose is not given yet (an ordered session): every reading is a pre-dose reading. */
  readonly beforeDose = input(false);
  readonly recorded = output<ObservationDto>();

  protected readonly numberFields = NUMBER_FIELD_META;
  protected readonly moaasLevels = MOAAS_LEVELS;
  protected readonly cadssItems = CADSS6_ITEM_NUMBERS.map((number, index) => ({
    number,
    wording: CADSS6_ITEM_WORDING[index] ?? '',
  }));
  /** "0 not at all, 1 slightly, 2 moderately, 3 considerably, 4 extremely". */
  protected readonly cadssScale = CADSS_ANCHORS.map(
    (anchor, score) => `${String(score)} ${anchor}`,
  ).join(', ');

  protected readonly value = signal<ObservationFormValue>(emptyObservationForm());
  /** Messages show once Save was pressed, then follow the typing. */
  private readonly showErrors = signal(false);
  private readonly timeError = signal(false);
  private readonly serverErrors = signal<ObservationErrors>({});
  protected readonly saving = signal(false);
  protected readonly confirmation = signal('');

  protected readonly errors = computed<ObservationErrors>(() => {
    if (!this.showErrors()) {
      return {};
    }
    const errors: ObservationErrors = {
      ...validateObservationForm(this.value()),
      ...this.serverErrors(),
    };
    if (this.timeError()) {
      errors.time = [TIME_MESSAGE];
    }
    return errors;
  });
  protected readonly timeShown = computed(
    () => this.value().time || timeInputValue(this.now(), this.timeZone()),
  );
  /** The CADSS-6 total once all six items are answered (shared cadss6Total). */
  protected readonly cadssTotal = computed(() => {
    const items = this.value().cadss.map((item) => (item.trim() === '' ? NaN : Number(item)));
    return validateCadss6(items).length === 0 ? cadss6Total(items) : null;
  });

  private readonly form = viewChild.required<ElementRef<HTMLFormElement>>('form');
  private readonly submit$ = new Subject<CreateObservationRequest>();
  private readonly keys = new IdempotencyKeys();
  /** The last request sent and not confirmed, to retry it unchanged. */
  private pending: CreateObservationRequest | null = null;

  constructor() {
    this.submit$
      .pipe(
        // A second Enter while saving is ignored: never a second observation.
        exhaustMap((request) =>
          this.api.recordObservation(this.sessionId(), request, this.keys.keyFor(request)).pipe(
            map((observation): SubmitResult => ({ ok: true, observation })),
            catchError((error: unknown) =>
              of<SubmitResult>({
                ok: false,
                messages: errorMessages(error, 'The observation could not be saved. Try again.'),
              }),
            ),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.saving.set(false);
        if (result.ok) {
          this.saved(result.observation);
        } else {
          this.serverErrors.set(placeMessages(result.messages, this.value()));
          this.focusFirstError();
        }
      });
  }

  protected errorsOf(key: ObservationErrorKey): string[] {
    return this.errors()[key] ?? [];
  }

  protected invalid(key: ObservationErrorKey): boolean {
    return this.errorsOf(key).length > 0;
  }

  protected cadssKey(index: number): ObservationErrorKey {
    return `cadss.${String(index)}`;
  }

  protected cadssInvalid(index: number): boolean {
    return this.invalid(this.cadssKey(index));
  }

  protected setNumber(field: NumberField, text: string): void {
    this.edit({ [field]: text });
  }

  protected setMoaas(score: number | null): void {
    this.edit({ moaas: score });
  }

  /**
   * MOAA/S by keyboard: a digit 0-5 sets the score directly (as PHQ-9 items take digits). From
   * "Not assessed" the arrow keys choose nothing: the native radio group would select the
   * neighbouring score (ArrowUp: 0, "No response") without the nurse having rated it.
   */
  protected onMoaasKeydown(event: KeyboardEvent): void {
    if (/^[0-5]$/.test(event.key)) {
      event.preventDefault();
      this.setMoaas(Number(event.key));
      this.form()
        .nativeElement.querySelector<HTMLInputElement>(`input[name="moaas"][value="${event.key}"]`)
        ?.focus();
      return;
    }
    if (this.value().moaas === null && event.key.startsWith('Arrow')) {
      event.preventDefault();
    }
  }

  protected setCadss(index: number, text: string): void {
    const cadss = [...this.value().cadss];
    cadss[index] = text;
    this.edit({ cadss });
  }

  protected setTime(text: string): void {
    this.timeError.set(false);
    this.edit({ time: text });
  }

  /** Enter saves from any field, radio buttons included (browsers differ there). */
  protected onEnter(event: Event): void {
    if (event.target instanceof HTMLInputElement) {
      event.preventDefault();
      this.submit();
    }
  }

  protected submit(): void {
    if (this.saving()) {
      return;
    }
    const value = this.value();
    const at = recordedAt(value.time, new Date(), this.timeZone());
    this.serverErrors.set({});
    this.timeError.set(at === null);
    this.showErrors.set(true);
    if (at === null || hasErrors(validateObservationForm(value))) {
      this.focusFirstError();
      return;
    }
    this.saving.set(true);
    this.confirmation.set('');
    this.submit$.next(this.retryOrNew(observationRequest(value, at)));
  }

  /**
   * A retry of the same readings taken "now" keeps the first attempt's time, so its body and
   * idempotency key match and an answer lost on the way cannot record the observation twice.
   */
  private retryOrNew(request: CreateObservationRequest): CreateObservationRequest {
    const withoutTime = (r: CreateObservationRequest): string =>
      JSON.stringify({ ...r, recordedAt: null });
    const pending = this.pending;
    const body =
      pending !== null && this.value().time === '' && withoutTime(pending) === withoutTime(request)
        ? pending
        : request;
    this.pending = body;
    return body;
  }

  private saved(observation: ObservationDto): void {
    this.keys.settled();
    this.pending = null;
    this.value.set(emptyObservationForm());
    this.showErrors.set(false);
    this.timeError.set(false);
    this.confirmation.set(
      `Observation saved: ${formatTime(observation.recordedAt, this.timeZone())}, ${
        this.beforeDose() || observation.minutesSinceDose <= 0
          ? 'pre-dose reading'
          : `${String(observation.minutesSinceDose)} min after the dose`
      }.`,
    );
    this.recorded.emit(observation);
    this.focusFirstField();
  }

  private focusFirstField(): void {
    this.form().nativeElement.querySelector<HTMLElement>(`#${FIRST_FIELD_ID}`)?.focus();
  }

  private edit(change: Partial<ObservationFormValue>): void {
    this.value.update((value) => ({ ...value, ...change }));
    this.serverErrors.set({});
  }

  private focusFirstError(): void {
    afterNextRender(
      () => {
        if (!focusFirstInvalidNow(this.form().nativeElement)) {
          this.focusFirstField();
        }
      },
      { injector: this.injector },
    );
  }
}
