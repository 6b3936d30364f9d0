import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router } from '@angular/router';
import {
  type CreatePatientRequest,
  PLAUSIBLE_RANGES,
  SEXES,
  type Sex,
  validateWeightKg,
} from '@clinic/shared';

import { PatientsApi } from '../../api/patients.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { SEX_LABELS } from '../../ui/labels';
import { DateTimeInputComponent } from '../../ui/form/date-time-input.component';
import { FIELD } from '../../ui/form/field.component';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';

/** The form's fields, in page order. */
const FIELDS = [
  'clinicId',
  'mrn',
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'weightKg',
] as const;
type Field = (typeof FIELDS)[number];

export const PATIENT_FIELD_LABELS: Readonly<Record<Field, string>> = {
  clinicId: 'Clinic',
  mrn: 'MRN',
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Birth date',
  sex: 'Sex',
  weightKg: 'Weight',
};

const REQUIRED_MESSAGES: Readonly<Record<Field, string>> = {
  clinicId: 'Choose the clinic',
  mrn: 'Enter the MRN',
  givenName: 'Enter the given name',
  familyName: 'Enter the family name',
  birthDate: 'Enter the birth date',
  sex: 'Choose the sex',
  weightKg: 'Enter the weight',
};

const required = (control: AbstractControl): ValidationErrors | null =>
  Validators.required(control);

/** Blank text counts as missing (a name of spaces is no name). */
const requiredText = (control: AbstractControl<string>): ValidationErrors | null =>
  control.value.trim() === '' ? { required: true } : null;

/** The plausible weight range of CLINICAL.md s1, checked by the shared validator; one decimal. */
const weight = (control: AbstractControl<number | null>): ValidationErrors | null => {
  const value = control.value;
  if (value === null) {
    return null;
  }
  const errors = validateWeightKg(value);
  if (errors.length > 0) {
    return { range: true };
  }
  return Math.round(value * 10) / 10 === value ? null : { decimals: true };
};

/** `/record/patient` (psychiatrists): register a patient in one of the user's clinics. */
@Component({
  selector: 'app-create-patient-page',
  imports: [ReactiveFormsModule, ...FIELD, DateTimeInputComponent, FormErrorsComponent],
  templateUrl: './create-patient.page.html',
  styleUrls: ['../../ui/record-form.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreatePatientPage {
  private readonly api = inject(PatientsApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly clinicContext = inject(ClinicContext);
  private readonly keys = new IdempotencyKeys();

  protected readonly sexes = SEXES;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly labels = PATIENT_FIELD_LABELS;
  protected readonly weightRange = PLAUSIBLE_RANGES.weightKg;

  /** The user's clinics (loaded once per sign-in by the clinic context). */
  protected readonly clinics = this.clinicContext.clinics;
  protected readonly singleClinic = computed(() => {
    const clinics = this.clinics();
    return clinics.length === 1 ? (clinics[0] ?? null) : null;
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    // The clinic the user is working in (chosen in the header), changeable here.
    clinicId: [this.clinicContext.clinicId() ?? '', [required]],
    mrn: ['', [requiredText, Validators.maxLength(64)]],
    givenName: ['', [requiredText, Validators.maxLength(100)]],
    familyName: ['', [requiredText, Validators.maxLength(100)]],
    birthDate: ['', [required]],
    sex: ['' as Sex | '', [required]],
    weightKg: [null as number | null, [weight]],
  });

  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);
  /** The MRN the server said is taken (409), for the message. */
  protected readonly takenMrn = signal<string | null>(null);

  private readonly formElement = viewChild.required<ElementRef<HTMLFormElement>>('formElement');

  constructor() {
    this.clinicContext.load();
    for (const field of FIELDS) {
      // A server message about a field goes away once the field is changed.
      const control: AbstractControl = this.form.controls[field];
      control.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.clearServerError(field));
    }
  }

  /** The message under a field: the client check after a submit attempt, else the server's. */
  protected errorFor(field: Field): string | null {
    const server = this.server().fields[field];
    if (server?.length) {
      return server.join(' ');
    }
    if (field === 'mrn' && this.takenMrn() !== null) {
      return `MRN ${this.takenMrn() ?? ''} is already taken in this clinic: check the number, or find the patient in the patient list.`;
    }
    const control = this.form.controls[field];
    if (!this.submitted() || control.valid) {
      return null;
    }
    if (control.hasError('required')) {
      return REQUIRED_MESSAGES[field];
    }
    const unreadable: unknown = control.getError('dateTime');
    if (typeof unreadable === 'string') {
      return unreadable;
    }
    if (control.hasError('maxlength')) {
      return `${this.labels[field]} is too long`;
    }
    if (control.hasError('range')) {
      return `Weight must be from ${String(this.weightRange.min)} to ${String(this.weightRange.max)} kg`;
    }
    if (control.hasError('decimals')) {
      return 'Weight takes at most one decimal (e.g. 72.5)';
    }
    return `Check the ${this.labels[field].toLowerCase()}`;
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    // The only clinic is the clinic; with several, the user chooses (no silent default).
    const single = this.singleClinic();
    if (single && this.form.controls.clinicId.value !== single.id) {
      this.form.controls.clinicId.setValue(single.id);
    }
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    if (this.form.invalid) {
      this.focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const request: CreatePatientRequest = {
      clinicId: value.clinicId,
      mrn: value.mrn.trim(),
      givenName: value.givenName.trim(),
      familyName: value.familyName.trim(),
      birthDate: value.birthDate,
      sex: value.sex as Sex,
      ...(value.weightKg === null ? {} : { weightKg: value.weightKg }),
    };
    this.busy.set(true);
    this.takenMrn.set(null);
    this.api
      .create(request, this.keys.keyFor(request))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (patient) => {
          this.keys.settled();
          void this.router.navigate(['/patients', patient.id]);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const errors = serverErrors(error, PATIENT_FIELD_LABELS);
          if (errors.status === 409) {
            this.takenMrn.set(request.mrn);
            this.server.set(NO_ERRORS);
          } else {
            this.server.set(errors);
          }
          this.focusFirstInvalid();
        },
      });
  }

  private clearServerError(field: Field): void {
    if (field === 'mrn') {
      this.takenMrn.set(null);
    }
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }

  private focusFirstInvalid(): void {
    focusFirstInvalid(() => this.formElement().nativeElement, this.injector);
  }
}
