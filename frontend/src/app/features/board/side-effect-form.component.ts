import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type CreateSideEffectRequest,
  SERIOUS_CRITERIA,
  SERIOUS_CRITERION_LABELS,
  type SeriousCriterion,
  SIDE_EFFECT_SEVERITIES,
  SIDE_EFFECT_TYPES,
  type SideEffectDto,
  type SideEffectSeverity,
  type SideEffectType,
} from '@clinic/shared';
import { Subject, catchError, exhaustMap, map, of } from 'rxjs';

import { SessionsApi } from '../../api/sessions.api';
import { seriousText, SIDE_EFFECT_LABELS, SIDE_EFFECT_SEVERITY_LABELS } from '../../ui/labels';
import { timeInputValue } from '../../ui/local-time';
import { formatTime } from '../../ui/format';
import { errorMessages, IdempotencyKeys } from '../../api/http';
import { recordedAt } from './observation-form';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';

type SubmitResult = { ok: true; sideEffect: SideEffectDto } | { ok: false; messages: string[] };

/**
 * Records a side effect of the session: type, severity, onset (now unless typed), notes, and whether
 * it is a serious adverse event with the criterion that makes it so (CLINICAL.md s3 v2).
 */
@Component({
  selector: 'app-side-effect-form',
  imports: [...FIELD, DateTimeInputComponent],
  templateUrl: './side-effect-form.component.html',
  styleUrl: './side-effect-form.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SideEffectFormComponent {
  private readonly api = inject(SessionsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly sessionId = input.required<string>();
  readonly now = input.required<number>();
  /** The clinic's time zone: times are typed and shown as the clinic reads them. */
  readonly timeZone = input<string | undefined>(undefined);
  readonly recorded = output<SideEffectDto>();

  protected readonly types = SIDE_EFFECT_TYPES;
  protected readonly severities = SIDE_EFFECT_SEVERITIES;
  protected readonly typeLabels = SIDE_EFFECT_LABELS;
  protected readonly severityLabels = SIDE_EFFECT_SEVERITY_LABELS;

  protected readonly type = signal<SideEffectType | ''>('');
  protected readonly severity = signal<SideEffectSeverity | ''>('');
  protected readonly onset = signal('');
  protected readonly notes = signal('');
  protected readonly criteria = SERIOUS_CRITERIA;
  protected readonly criterionLabels = SERIOUS_CRITERION_LABELS;
  protected readonly serious = signal(false);
  protected readonly seriousCriterion = signal<SeriousCriterion | ''>('');
  protected readonly onsetShown = computed(
    () => this.onset() || timeInputValue(this.now(), this.timeZone()),
  );

  protected readonly submitted = signal(false);
  protected readonly messages = signal<string[]>([]);
  protected readonly saving = signal(false);
  protected readonly confirmation = signal('');
  protected readonly typeMissing = computed(() => this.submitted() && this.type() === '');
  protected readonly severityMissing = computed(() => this.submitted() && this.severity() === '');
  protected readonly criterionMissing = computed(
    () => this.submitted() && this.serious() && this.seriousCriterion() === '',
  );
  protected readonly onsetInvalid = signal(false);

  private readonly submit$ = new Subject<CreateSideEffectRequest>();
  private readonly keys = new IdempotencyKeys();

  constructor() {
    this.submit$
      .pipe(
        exhaustMap((request) =>
          this.api.recordSideEffect(this.sessionId(), request, this.keys.keyFor(request)).pipe(
            map((sideEffect): SubmitResult => ({ ok: true, sideEffect })),
            catchError((error: unknown) =>
              of<SubmitResult>({
                ok: false,
                messages: errorMessages(error, 'The side effect could not be saved. Try again.'),
              }),
            ),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.saving.set(false);
        if (result.ok) {
          this.keys.settled();
          this.type.set('');
          this.severity.set('');
          this.onset.set('');
          this.notes.set('');
          this.serious.set(false);
          this.seriousCriterion.set('');
          this.submitted.set(false);
          const saved = result.sideEffect;
          const serious = saved.serious ? ` ${seriousText(saved.seriousCriterion)}.` : '';
          this.confirmation.set(
            `Side effect saved: ${SIDE_EFFECT_LABELS[saved.type]}, ${SIDE_EFFECT_SEVERITY_LABELS[saved.severity].toLowerCase()}, from ${formatTime(saved.onsetAt, this.timeZone())}.${serious}`,
          );
          this.recorded.emit(result.sideEffect);
        } else {
          this.messages.set(result.messages);
        }
      });
  }

  protected setType(value: string): void {
    this.type.set(
      (SIDE_EFFECT_TYPES as readonly string[]).includes(value) ? (value as SideEffectType) : '',
    );
  }

  protected setSerious(serious: boolean): void {
    this.serious.set(serious);
    if (!serious) {
      this.seriousCriterion.set('');
    }
  }

  protected setCriterion(value: string): void {
    this.seriousCriterion.set(
      (SERIOUS_CRITERIA as readonly string[]).includes(value) ? (value as SeriousCriterion) : '',
    );
  }

  protected setOnset(value: string): void {
    this.onsetInvalid.set(false);
    this.onset.set(value);
  }

  protected submit(): void {
    if (this.saving()) {
      return;
    }
    this.submitted.set(true);
    this.messages.set([]);
    const type = this.type();
    const severity = this.severity();
    const onsetAt = recordedAt(this.onset(), new Date(), this.timeZone());
    this.onsetInvalid.set(onsetAt === null);
    const criterion = this.seriousCriterion();
    if (type === '' || severity === '' || onsetAt === null || this.criterionMissing()) {
      focusFirstInvalid(() => this.host.nativeElement, this.injector);
      return;
    }
    const notes = this.notes().trim();
    this.saving.set(true);
    this.confirmation.set('');
    this.submit$.next({
      type,
      severity,
      onsetAt,
      ...(notes ? { notes } : {}),
      ...(this.serious() && criterion !== '' ? { serious: true, seriousCriterion: criterion } : {}),
    });
  }
}
