import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { RemsDueItemDto } from '@clinic/shared';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { RemsApi } from '../../api/rems.api';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatDateTime } from '../../ui/format';
import { PagerComponent } from '../../ui/pager.component';
import { rangeLabel } from '../../ui/patient-format';
import { remsFieldLabel } from './rems-fields';

const PAGE_SIZE = 50;

type DueState =
  | { status: 'loading' }
  | { status: 'no-clinic' }
  | { status: 'error' }
  | { status: 'loaded'; items: RemsDueItemDto[]; total: number };

/**
 * `/rems`: the esketamine sessions whose REMS Patient Monitoring Form is not yet submitted, oldest
 * first, with the 7-day deadline (CLINICAL.md s3). Overdue rows say so in words and colour.
 */
@Component({
  selector: 'app-rems-due-page',
  imports: [RouterLink, PagerComponent],
  templateUrl: './rems-due.page.html',
  styleUrl: './rems.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemsDuePage {
  private readonly api = inject(RemsApi);
  private readonly clinicContext = inject(ClinicContext);

  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? null);
  protected readonly offset = signal(0);
  private readonly attempt = signal(0);
  protected readonly fieldLabel = remsFieldLabel;

  private readonly query = computed(() => ({
    clinicId: this.clinicContext.clinicId(),
    offset: this.offset(),
    attempt: this.attempt(),
  }));

  protected readonly state = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ clinicId, offset }) =>
        clinicId === null
          ? of<DueState>({ status: 'no-clinic' })
          : this.api.due(clinicId, PAGE_SIZE, offset).pipe(
              map((list): DueState => ({ status: 'loaded', ...list })),
              catchError(() => of<DueState>({ status: 'error' })),
              startWith<DueState>({ status: 'loading' }),
            ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );

  protected readonly overdueCount = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.items.filter((item) => item.overdue).length : 0;
  });

  protected readonly range = computed(() => {
    const state = this.state();
    return state.status === 'loaded'
      ? rangeLabel(this.offset(), state.items.length, state.total)
      : '';
  });
  protected readonly hasNext = computed(() => {
    const state = this.state();
    return state.status === 'loaded' && this.offset() + state.items.length < state.total;
  });

  constructor() {
    this.clinicContext.load();
  }

  protected when(at: string): string {
    return formatDateTime(at, this.timeZone());
  }

  private timeZone(): string | undefined {
    const clinicId = this.clinicContext.clinicId();
    return clinicId ? this.clinicContext.timeZoneOf(clinicId) : undefined;
  }

  protected retry(): void {
    this.attempt.update((n) => n + 1);
  }

  protected previous(): void {
    this.offset.update((offset) => Math.max(0, offset - PAGE_SIZE));
  }

  protected next(): void {
    this.offset.update((offset) => offset + PAGE_SIZE);
  }
}
