import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FlagDto } from '@clinic/shared';

import { FlagsApi } from '../../api/flags.api';
import { isStale } from '../../api/if-match';
import { serverErrors } from '../record/server-errors';
import { ruleTitle } from './flag-format';

export type FlagActionKind = 'acknowledge' | 'resolve';

/** Shortest resolution note the server accepts (ResolveFlagDto: "note is required", min 3). */
export const RESOLVE_NOTE_MIN_LENGTH = 3;

/**
 * The inline form to acknowledge (note optional) or resolve (note required) one flag. The note
 * field takes the focus when it opens; Escape or "Cancel" closes it (the inbox puts the focus
 * back on the button that opened it). The server's refusals (403 role, 422 state) are shown here.
 * The version shown is sent as If-Match: when someone else changed the flag meanwhile (412) the
 * form says so, asks the page to reload the flag, and keeps the note for a second submit.
 */
@Component({
  selector: 'app-flag-action',
  templateUrl: './flag-action.component.html',
  styleUrl: './flag-action.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FlagActionComponent {
  private readonly api = inject(FlagsApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly flag = input.required<FlagDto>();
  readonly kind = input.required<FlagActionKind>();
  readonly done = output<FlagDto>();
  readonly cancelled = output();
  /** 412: someone else changed the flag since it was shown; the parent reloads it. */
  readonly stale = output();

  protected readonly note = signal('');
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly serverMessages = signal<string[]>([]);
  /** Shown after a 412 until the next submit: the note stays as typed. */
  protected readonly staleNotice = signal(false);

  protected readonly title = computed(() => ruleTitle(this.flag().rule));
  protected readonly baseId = computed(() => `flag-${this.flag().id}-${this.kind()}`);
  protected readonly noteError = computed(() =>
    this.kind() === 'resolve' &&
    this.submitted() &&
    this.note().trim().length < RESOLVE_NOTE_MIN_LENGTH
      ? `Write what was done about it: a note is required to resolve a flag (at least ${String(RESOLVE_NOTE_MIN_LENGTH)} characters)`
      : null,
  );

  private readonly noteInput = viewChild.required<ElementRef<HTMLTextAreaElement>>('noteInput');

  constructor() {
    afterNextRender(() => {
      this.noteInput().nativeElement.focus();
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
    }
  }

  protected cancel(): void {
    if (!this.busy()) {
      this.cancelled.emit();
    }
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    this.submitted.set(true);
    if (this.noteError() !== null) {
      this.noteInput().nativeElement.focus();
      return;
    }
    const note = this.note().trim();
    const { id, version } = this.flag();
    const request =
      this.kind() === 'resolve'
        ? this.api.resolve(id, note, version)
        : this.api.acknowledge(id, note === '' ? undefined : note, version);
    this.busy.set(true);
    this.serverMessages.set([]);
    this.staleNotice.set(false);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (flag) => {
        this.busy.set(false);
        this.done.emit(flag);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        if (isStale(error)) {
          this.staleNotice.set(true);
          this.stale.emit();
          this.noteInput().nativeElement.focus();
          return;
        }
        const errors = serverErrors(error, { note: 'Note' });
        this.serverMessages.set([...Object.values(errors.fields).flat(), ...errors.general]);
      },
    });
  }
}
