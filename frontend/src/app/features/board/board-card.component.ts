import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatTime } from '../../ui/format';
import { type BoardCardView, durationLabel } from './board-view';
import { needsScreener, screenerLink, screenerQuery } from '../../ui/screener-link';
import { FlagBadgeComponent } from '../../ui/flags/flag-badge.component';

/** One patient on site, readable at arm's length. */
@Component({
  selector: 'app-board-card',
  imports: [RouterLink, FlagBadgeComponent],
  templateUrl: './board-card.component.html',
  styleUrl: './board-card.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardCardComponent {
  readonly card = input.required<BoardCardView>();

  private readonly clinicContext = inject(ClinicContext);
  /** Times as the clinic reads them (ui/format.ts). */
  private readonly timeZone = computed(() => this.clinicContext.clinic()?.timezone);

  protected clock(at: string): string {
    return formatTime(at, this.timeZone());
  }
  protected readonly duration = durationLabel;
  /** An open item-9 flag: the card leads straight to the C-SSRS screener (CLINICAL.md s10). */
  protected readonly screenerFlag = computed(
    () => this.card().flags.find((flag) => needsScreener(flag)) ?? null,
  );
  protected readonly screenerLink = screenerLink;
  protected readonly screenerQuery = screenerQuery;
}
