import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';

import { ExportsApi } from '../../api/exports.api';

type Export = 'csv' | 'fhir';

/**
 * Psychiatrists and managers export a patient's records: every record as CSV (one measure a row)
 * or a FHIR R4 Bundle for another system. Each export is audited by the server.
 */
@Component({
  selector: 'app-patient-exports',
  template: `
    <div class="exports" role="group" aria-label="Export this patient's records">
      <button
        type="button"
        class="button button--secondary"
        [disabled]="busy() !== null"
        (click)="run('csv')"
        data-testid="export-records-csv"
      >
        {{ busy() === 'csv' ? 'Preparing CSV…' : 'Download records (CSV)' }}
      </button>
      <button
        type="button"
        class="button button--secondary"
        [disabled]="busy() !== null"
        (click)="run('fhir')"
        data-testid="export-fhir"
      >
        {{ busy() === 'fhir' ? 'Preparing FHIR bundle…' : 'Download FHIR R4 bundle' }}
      </button>
    </div>
    <p class="exports__status" role="status" aria-live="polite" data-testid="export-status">
      {{ status() }}
    </p>
  `,
  styles: `
    .exports {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-2);
    }
    .exports__status {
      min-height: 1.5em;
      margin: var(--space-2) 0 0;
      color: var(--color-text-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientExportsComponent {
  readonly patientId = input.required<string>();
  private readonly api = inject(ExportsApi);
  protected readonly busy = signal<Export | null>(null);
  protected readonly status = signal('');

  protected run(kind: Export): void {
    this.busy.set(kind);
    this.status.set('');
    const request =
      kind === 'csv'
        ? this.api.recordsCsv(this.patientId())
        : this.api.fhirBundle(this.patientId());
    request.subscribe({
      next: () => {
        this.busy.set(null);
        this.status.set(kind === 'csv' ? 'Records downloaded (CSV).' : 'FHIR bundle downloaded.');
      },
      error: () => {
        this.busy.set(null);
        this.status.set('The export could not be prepared. Try again.');
      },
    });
  }
}
