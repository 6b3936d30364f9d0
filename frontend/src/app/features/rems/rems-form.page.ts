import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  REMS_FORM_FIELDS,
  type RemsCorrectionDto,
  type RemsFormDto,
  type RemsFormPatchRequest,
} from '@clinic/shared';
import { catchError, map, of, switchMap } from 'rxjs';

import { isStale, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { RemsApi } from '../../api/rems.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatDateTime } from '../../ui/format';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FieldComponent, FieldControlDirective } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { localInputToIso, timeZoneHint, toLocalInputValue } from '../../ui/local-time';
import {
  REMS_FIELD_SOURCES,
  REMS_GROUPS,
  remsFieldLabel,
  remsFieldText,
  remsValueHint,
} from './rems-fields';

type PageState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'refused'; message: string }
  | { status: 'error' }
  | { status: 'loaded'; form: RemsFormDto };

/** Server messages name these fields (`corrections.0.value`: the correction being added). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  monitoringProvider: 'Monitoring provider',
  setting: 'Healthcare setting',
  corrections: 'Correction',
  submittedAt: 'Submitted at',
  reference: 'Reference',
};

function failure(error: unknown): PageState {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 404 || error.status === 400) return { status: 'not-found' };
    if (error.status === 422) {
      const message = (error.error as { message?: string | string[] } | null)?.message;
      return {
        status: 'refused',
        message: Array.isArray(message) ? message.join(' ') : (message ?? 'No REMS form here.'),
      };
    }
  }
  return { status: 'error' };
}

/**
 * `/rems/sessions/:sessionId`: the Esketamine REMS Patient Monitoring Form of one session
 * (CLINICAL.md s3), grouped as the paper form, every field filled from the records with where it
 * comes from; the fields still missing highlighted; what the records cannot give (monitoring
 * provider, setting, corrections with a reason) recorded here; then "Mark submitted".
 * Psychiatrists and nurses write; managers read.
 */
@Component({
  selector: 'app-rems-form-page',
  imports: [
    RouterLink,
    FieldComponent,
    FieldControlDirective,
    FormErrorsComponent,
    DateTimeInputComponent,
  ],
  templateUrl: './rems-form.page.html',
  styleUrls: ['../../ui/record-form.css', './rems.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemsFormPage {
  /** The route's `:sessionId`. */
  readonly sessionId = input.required<string>();

  private readonly api = inject(RemsApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly groups = REMS_GROUPS;
  protected readonly sources = REMS_FIELD_SOURCES;
  protected readonly correctable = REMS_FORM_FIELDS;
  protected readonly fieldLabel = remsFieldLabel;
  protected readonly fieldText = remsFieldText;
  protected readonly valueHint = remsValueHint;

  protected readonly state = signal<PageState>({ status: 'loading' });
  protected readonly form = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.form : null;
  });
  /** Psychiatrists and nurses record sessions (and the form); managers read it. */
  protected readonly records = computed(() => {
    const role = this.auth.role();
    return role === 'psychiatrist' || role === 'nurse';
  });
  protected readonly canEdit = computed(() => this.records() && this.form()?.submittedAt === null);
  protected readonly missing = computed(() => new Set(this.form()?.missing ?? []));

  // ---- provider and setting ----
  protected readonly provider = linkedSignal(() => this.form()?.monitoringProvider ?? '');
  protected readonly setting = linkedSignal(() => this.form()?.setting ?? '');
  // ---- a new correction ----
  protected readonly correctionField = signal('');
  protected readonly correctionValue = signal('');
  protected readonly correctionReason = signal('');
  protected readonly correctionError = signal<string | null>(null);
  // ---- submission ----
  private readonly timeZone = computed(() => this.clinicContext.clinic()?.timezone);
  protected readonly timeHint = computed(() =>
    timeZoneHint(this.clinicContext.clinic()?.name ?? null, this.timeZone()),
  );
  protected readonly submittedAt = linkedSignal(() =>
    toLocalInputValue(new Date(), this.timeZone()),
  );
  protected readonly reference = signal('');
  protected readonly submitTimeError = signal<string | null>(null);

  protected readonly busy = signal<'details' | 'correction' | 'submit' | null>(null);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);
  protected readonly notice = signal<string | null>(null);
  protected readonly staleNotice = signal(false);

  private readonly reload = signal(0);

  constructor() {
    this.clinicContext.load();
    toObservable(computed(() => ({ id: this.sessionId(), n: this.reload() })))
      .pipe(
        switchMap(({ id }) =>
          this.api.form(id).pipe(
            map((form): PageState => ({ status: 'loaded', form })),
            catchError((error: unknown) => of(failure(error))),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected when(at: string): string {
    return formatDateTime(at, this.timeZone());
  }

  protected correctionOf(field: string): RemsCorrectionDto | null {
    return this.form()?.corrections.find((c) => c.field === field) ?? null;
  }

  protected fieldError(key: string): string | null {
    return this.server().fields[key]?.join(' ') ?? null;
  }

  protected retry(): void {
    this.state.set({ status: 'loading' });
    this.reload.update((n) => n + 1);
  }

  protected saveDetails(): void {
    this.write('details', {
      monitoringProvider: this.provider().trim() || null,
      setting: this.setting().trim() || null,
    });
  }

  protected addCorrection(): void {
    const form = this.form();
    const field = this.correctionField();
    const value = this.correctionValue().trim();
    const reason = this.correctionReason().trim();
    if (!form || field === '' || value === '' || reason === '') {
      this.correctionError.set('Choose the field and give the corrected value and the reason.');
      this.focus('#rems-correction-field');
      return;
    }
    this.correctionError.set(null);
    const others = form.corrections
      .filter((c) => c.field !== field)
      .map(({ field: f, value: v, reason: r }) => ({ field: f, value: v, reason: r }));
    this.write('correction', { corrections: [...others, { field, value, reason }] });
  }

  protected removeCorrection(field: string): void {
    const form = this.form();
    if (!form) return;
    this.write('correction', {
      corrections: form.corrections
        .filter((c) => c.field !== field)
        .map(({ field: f, value, reason }) => ({ field: f, value, reason })),
    });
  }

  protected markSubmitted(): void {
    const form = this.form();
    if (!form || this.busy() !== null) return;
    const submittedAt = localInputToIso(this.submittedAt(), this.timeZone());
    if (submittedAt === null) {
      this.submitTimeError.set('Enter the date and time the form was submitted.');
      this.focus('#rems-submitted-at');
      return;
    }
    this.submitTimeError.set(null);
    this.start('submit');
    this.api
      .markSubmitted(
        form.sessionId,
        { submittedAt, reference: this.reference().trim() || null },
        form.version,
      )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => this.saved(saved, 'REMS form marked submitted.'),
        error: (error: unknown) => this.failed(error),
      });
  }

  private write(kind: 'details' | 'correction', request: RemsFormPatchRequest): void {
    const form = this.form();
    if (!form || this.busy() !== null) return;
    this.start(kind);
    this.api
      .patch(form.sessionId, request, form.version)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          if (kind === 'correction') {
            this.correctionField.set('');
            this.correctionValue.set('');
            this.correctionReason.set('');
          }
          this.saved(
            saved,
            kind === 'details' ? 'Provider and setting saved.' : 'Corrections saved.',
          );
        },
        error: (error: unknown) => this.failed(error),
      });
  }

  private start(kind: 'details' | 'correction' | 'submit'): void {
    this.busy.set(kind);
    this.server.set(NO_ERRORS);
    this.notice.set(null);
    this.staleNotice.set(false);
  }

  private saved(form: RemsFormDto, notice: string): void {
    this.busy.set(null);
    this.state.set({ status: 'loaded', form });
    this.notice.set(
      form.submittedAt === null && form.missing.length > 0
        ? `${notice} Still missing: ${form.missing.map((f) => remsFieldLabel(f)).join(', ')}.`
        : notice,
    );
    this.focus('[data-testid="rems-notice"]');
  }

  private failed(error: unknown): void {
    this.busy.set(null);
    if (isStale(error)) {
      // Someone else changed the form: show theirs (what was typed here stays in the boxes).
      this.staleNotice.set(true);
      this.reload.update((n) => n + 1);
      this.focus('[data-testid="rems-stale"]');
      return;
    }
    const errors = serverErrors(error, FIELD_LABELS);
    // "corrections.0.value must be yes or no for sedation": shown at the correction's boxes.
    const aboutCorrection = errors.general.filter((m) => /^corrections[\s.]/.test(m));
    if (aboutCorrection.length > 0) {
      this.correctionError.set(
        aboutCorrection
          .map((m) =>
            m.replace(/^corrections\.\d+\.(\w+)/, 'The $1').replace(/^corrections/, 'Corrections'),
          )
          .join(' '),
      );
    }
    this.server.set({
      ...errors,
      general: errors.general.filter((m) => !aboutCorrection.includes(m)),
    });
    focusFirstInvalid(() => this.host.nativeElement, this.injector);
  }

  private focus(selector: string): void {
    afterNextRender(
      () => {
        this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus();
      },
      { injector: this.injector },
    );
  }
}
