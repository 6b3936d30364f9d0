import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { PatientDto } from '@clinic/shared';

import { PatientsApi } from '../../api/patients.api';
import { patientDisplayName } from '../../ui/patient-format';

/** A patient chosen from the picker: the id is sent, the name only shown. */
export interface PickedPatient {
  id: string;
  name: string;
}

type PickerState =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'error' }
  | { status: 'found'; patients: PatientDto[]; total: number };

const RESULTS = 10;

/**
 * Choose the patient to filter the audit log by: type part of the name or MRN ("Marlow, Dora"),
 * pick from the clinic's matches. The search is sent in a POST body (never a URL) and the filter
 * sends only the chosen patient's id.
 */
@Component({
  selector: 'app-audit-patient-picker',
  template: `
    <div class="picker">
      <span class="field__label" id="audit-patient-label">Patient</span>
      @if (selected(); as patient) {
        <p class="picker__chosen" data-testid="audit-patient-chosen">
          <span>{{ patient.name }}</span>
          <button type="button" class="button button--secondary button--small" (click)="change()">
            Change patient
          </button>
        </p>
      } @else {
        <div class="picker__search">
          <input
            #box
            id="audit-patient"
            class="field__input"
            type="search"
            autocomplete="off"
            spellcheck="false"
            placeholder="Name or MRN"
            aria-labelledby="audit-patient-label"
            aria-describedby="audit-patient-hint"
            [value]="term()"
            (input)="term.set(box.value)"
            (keydown.enter)="$event.preventDefault(); find()"
          />
          <button type="button" class="button button--secondary" (click)="find()">
            Find patient
          </button>
        </div>
        <p class="picker__hint" id="audit-patient-hint">
          For example “Marlow, Dora”. Any patient when left empty.
        </p>
        @let s = state();
        @switch (s.status) {
          @case ('searching') {
            <p role="status" class="picker__status">Searching…</p>
          }
          @case ('error') {
            <p role="alert" class="picker__status picker__status--error">
              Patients could not be searched. Check the connection and try again.
            </p>
          }
          @case ('found') {
            @if (s.patients.length === 0) {
              <p role="status" class="picker__status">No patient of this clinic matches.</p>
            } @else {
              <ul class="picker__results" aria-label="Matching patients">
                @for (patient of s.patients; track patient.id) {
                  <li>
                    <button type="button" class="picker__result" (click)="choose(patient)">
                      <span class="picker__name">{{ name(patient) }}</span>
                      <span class="picker__meta"
                        >MRN {{ patient.mrn }} · born {{ patient.birthDate }}</span
                      >
                    </button>
                  </li>
                }
              </ul>
              @if (s.total > s.patients.length) {
                <p class="picker__status">
                  {{ s.patients.length }} of {{ s.total }} shown: type more of the name.
                </p>
              }
            }
          }
        }
      }
    </div>
  `,
  styles: `
    .picker__search {
      display: flex;
      gap: var(--space-2);
    }
    .picker__search .field__input {
      flex: 1 1 auto;
    }
    .picker__chosen {
      display: flex;
      align-items: center;
      gap: var(--space-3);
      margin: 0;
      min-height: 2.75rem;
      font-weight: 600;
    }
    .picker__hint,
    .picker__status {
      margin: var(--space-1) 0 0;
      color: var(--color-text-muted);
      font-size: 0.95rem;
    }
    .picker__status--error {
      color: var(--color-danger);
      font-weight: 600;
    }
    .picker__results {
      margin: var(--space-2) 0 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--color-border);
      border-radius: 4px;
    }
    .picker__result {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: var(--space-2);
      width: 100%;
      min-height: 2.75rem;
      padding: var(--space-2) var(--space-3);
      border: 0;
      border-bottom: 1px solid var(--color-border);
      background: none;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .picker__result:hover,
    .picker__result:focus-visible {
      background: var(--color-row-alt);
    }
    .picker__name {
      font-weight: 600;
      color: var(--color-primary);
      text-decoration: underline;
    }
    .picker__meta {
      color: var(--color-text-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPatientPickerComponent {
  private readonly patients = inject(PatientsApi);

  readonly clinicId = input.required<string>();
  /** The patient the filter holds (null: any). */
  readonly selected = input<PickedPatient | null>(null);
  readonly picked = output<PickedPatient | null>();

  protected readonly term = signal('');
  protected readonly state = signal<PickerState>({ status: 'idle' });
  protected readonly name = patientDisplayName;
  private readonly box = viewChild<ElementRef<HTMLInputElement>>('box');

  protected find(): void {
    const search = this.term().trim();
    if (search === '') {
      this.state.set({ status: 'idle' });
      return;
    }
    this.state.set({ status: 'searching' });
    this.patients.list({ clinicId: this.clinicId(), search, limit: RESULTS, offset: 0 }).subscribe({
      next: (page) => this.state.set({ status: 'found', patients: page.items, total: page.total }),
      error: () => this.state.set({ status: 'error' }),
    });
  }

  protected choose(patient: PatientDto): void {
    this.state.set({ status: 'idle' });
    this.term.set('');
    this.picked.emit({ id: patient.id, name: patientDisplayName(patient) });
  }

  /** Back to searching, with the box focused. */
  protected change(): void {
    this.picked.emit(null);
    setTimeout(() => this.box()?.nativeElement.focus());
  }
}
