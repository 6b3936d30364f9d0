import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { FollowUpChannel, FollowUpDto } from '@clinic/shared';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';

import { FollowUpsApi } from '../api/followups.api';
import { formatDateTime } from './format';
import {
  FOLLOW_UP_KIND_LABELS,
  FOLLOW_UP_STATUS_BADGES,
  FOLLOW_UP_STATUS_LABELS,
} from './follow-ups';
import { QrCodeComponent } from './qr-code.component';

type FollowUpsState =
  { status: 'loading' } | { status: 'error' } | { status: 'loaded'; items: FollowUpDto[] };

const CHANNEL_LABELS: Record<FollowUpChannel, string> = { email: 'email', sms: 'SMS' };

/**
 * A session's follow-up questionnaires (24 h and 72 h PHQ-9 links): their windows and
 * status, and for a link still to be used, copy it (with visible feedback, or the link shown
 * selected when the browser refuses), show it as a QR code (drawn in the browser by the bundled
 * `qrcode` library, loaded on first use) or queue it to the patient by email or SMS, each offered
 * only when the patient has that contact detail on record.
 */
@Component({
  selector: 'app-follow-ups',
  imports: [QrCodeComponent],
  template: `
    <p class="visually-hidden" aria-live="polite" data-testid="follow-ups-announcer">
      {{ announcement() }}
    </p>
    @switch (state().status) {
      @case ('loading') {
        <p class="panel state" role="status">Loading the follow-up questionnaires…</p>
      }
      @case ('error') {
        <p class="panel state state--error" role="alert">
          The follow-up questionnaires could not be loaded.
        </p>
      }
      @case ('loaded') {
        @if (items().length === 0) {
          <p class="panel state" data-testid="follow-ups-empty">
            No follow-up questionnaire for this session.
          </p>
        } @else {
          <ul class="follow-ups" data-testid="follow-ups">
            @for (item of items(); track item.id) {
              <li class="panel follow-up" [attr.data-testid]="'follow-up-' + item.kind">
                <h3 class="follow-up__title">{{ kindLabel(item) }} questionnaire</h3>
                <p class="follow-up__window">
                  Window {{ dateTime(item.opensAt) }} – {{ dateTime(item.expiresAt) }}
                </p>
                <p>
                  <span class="badge {{ badge(item) }}" data-testid="follow-up-status">{{
                    statusLabel(item)
                  }}</span>
                  @if (item.completedAt) {
                    &ngsp;<span class="status-detail">{{ dateTime(item.completedAt) }}</span>
                  }
                </p>
                @if (item.status === 'open' || item.status === 'scheduled') {
                  <div class="follow-up__actions">
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      (click)="copy(item)"
                    >
                      Copy link
                    </button>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      [attr.aria-expanded]="qrFor() === item.id"
                      (click)="toggleQr(item)"
                    >
                      {{ qrFor() === item.id ? 'Hide QR code' : 'Show QR code' }}
                    </button>
                    @for (channel of item.channels; track channel) {
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        [disabled]="sending()[item.id]"
                        (click)="send(item, channel)"
                      >
                        Send by {{ channelLabel(channel) }}
                      </button>
                    }
                  </div>
                  @if (item.channels.length === 0) {
                    <p class="follow-up__hint" data-testid="follow-up-no-contact">
                      No email address or mobile number on record: copy the link or show the QR
                      code.
                    </p>
                  }
                  @if (copied()[item.id]; as copy) {
                    @if (copy === 'copied') {
                      <p class="follow-up__result" role="status" data-testid="follow-up-copied">
                        Copied
                      </p>
                    } @else {
                      <div class="follow-up__fallback" data-testid="follow-up-copy-fallback">
                        <p class="follow-up__result state--error" role="alert">
                          The browser did not allow copying. The link is selected below: press
                          Ctrl+C (⌘C on a Mac) to copy it.
                        </p>
                        <label class="visually-hidden" [for]="'follow-up-link-' + item.id"
                          >{{ kindLabel(item) }} questionnaire link</label
                        >
                        <input
                          class="field__input follow-up__link"
                          type="text"
                          readonly
                          [id]="'follow-up-link-' + item.id"
                          [value]="item.link"
                          (focus)="selectAll($event)"
                        />
                      </div>
                    }
                  }
                  @if (results()[item.id]; as result) {
                    <p
                      [class]="result.ok ? 'follow-up__result' : 'follow-up__result state--error'"
                      role="status"
                      data-testid="follow-up-result"
                    >
                      {{ result.text }}
                    </p>
                  }
                  @if (qrFor() === item.id) {
                    <app-qr-code
                      [text]="item.link"
                      [label]="'QR code for the ' + kindLabel(item) + ' questionnaire link'"
                    />
                  }
                }
              </li>
            }
          </ul>
        }
      }
    }
  `,
  styles: `
    .follow-ups {
      display: grid;
      gap: 0.75rem;
      grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .follow-up {
      padding: 0.75rem 1rem;
    }
    .follow-up__title {
      margin: 0 0 0.25rem;
      font-size: 1rem;
    }
    .follow-up p {
      margin: 0.25rem 0;
    }
    .follow-up__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    .follow-up__hint {
      color: var(--color-text-muted);
      font-size: 0.875rem;
    }
    .follow-up__link {
      width: 100%;
      font-family: monospace;
      font-size: 0.8125rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowUpsComponent {
  readonly sessionId = input.required<string>();
  readonly timeZone = input<string | undefined>(undefined);

  private readonly api = inject(FollowUpsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly state = toSignal(
    toObservable(this.sessionId).pipe(switchMap((id) => this.load(id))),
    { initialValue: { status: 'loading' } },
  );
  protected readonly items = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.items : [];
  });
  protected readonly announcement = signal('');
  protected readonly qrFor = signal<string | null>(null);
  /** Per request: the link was copied, or the clipboard was refused (the link is shown, selected). */
  protected readonly copied = signal<Record<string, 'copied' | 'refused'>>({});
  protected readonly sending = signal<Record<string, boolean>>({});
  protected readonly results = signal<Record<string, { ok: boolean; text: string }>>({});

  protected kindLabel(item: FollowUpDto): string {
    return FOLLOW_UP_KIND_LABELS[item.kind];
  }

  protected statusLabel(item: FollowUpDto): string {
    return FOLLOW_UP_STATUS_LABELS[item.status];
  }

  protected badge(item: FollowUpDto): string {
    return FOLLOW_UP_STATUS_BADGES[item.status];
  }

  protected dateTime(at: string): string {
    return formatDateTime(at, this.timeZone());
  }

  protected channelLabel(channel: FollowUpChannel): string {
    return CHANNEL_LABELS[channel];
  }

  /** Copies the link and says so beside the button; refused, shows the link selected instead. */
  protected async copy(item: FollowUpDto): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('No clipboard');
      await navigator.clipboard.writeText(item.link);
      this.copied.update((copied) => ({ ...copied, [item.id]: 'copied' }));
      this.announce('Link copied');
    } catch {
      this.copied.update((copied) => ({ ...copied, [item.id]: 'refused' }));
      this.announce('The link could not be copied; it is shown selected');
      afterNextRender(
        () => {
          const box = this.host.nativeElement.querySelector<HTMLInputElement>(
            `input[id="follow-up-link-${item.id}"]`,
          );
          box?.focus();
          box?.select();
        },
        { injector: this.injector },
      );
    }
  }

  protected selectAll(event: Event): void {
    (event.target as HTMLInputElement).select();
  }

  protected toggleQr(item: FollowUpDto): void {
    this.qrFor.set(this.qrFor() === item.id ? null : item.id);
  }

  protected send(item: FollowUpDto, channel: FollowUpChannel): void {
    this.sending.update((sending) => ({ ...sending, [item.id]: true }));
    this.api.send(item.id, channel).subscribe({
      next: () => this.settle(item, { ok: true, text: `Queued by ${CHANNEL_LABELS[channel]}` }),
      error: (error: unknown) =>
        this.settle(item, {
          ok: false,
          text: serverMessage(error) ?? 'The message could not be queued. Try again.',
        }),
    });
  }

  private settle(item: FollowUpDto, result: { ok: boolean; text: string }): void {
    this.sending.update((sending) => ({ ...sending, [item.id]: false }));
    this.results.update((results) => ({ ...results, [item.id]: result }));
  }

  private announce(text: string): void {
    this.announcement.set(text);
  }

  private load(sessionId: string): Observable<FollowUpsState> {
    return this.api.listForSession(sessionId).pipe(
      map((response): FollowUpsState => ({ status: 'loaded', items: response.items })),
      catchError(() => of<FollowUpsState>({ status: 'error' })),
      startWith<FollowUpsState>({ status: 'loading' }),
    );
  }
}

/** The 422's message (a string, or the first of a validation list), if the server gave one. */
function serverMessage(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 422) {
    return null;
  }
  const body: unknown = error.error;
  if (body && typeof body === 'object' && 'message' in body) {
    const message = body.message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message) && typeof message[0] === 'string') return message[0];
  }
  return null;
}
