import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
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
import { ActivatedRoute, Router } from '@angular/router';

import { AuthService, type SignedOutReason } from '../../core/auth/auth.service';
import { homeUrlFor } from '../../core/auth/role-home';
import { safeReturnUrl } from '../../core/auth/sign-in-redirect';

const required = (control: AbstractControl): ValidationErrors | null =>
  Validators.required(control);

export const SIGN_IN_MESSAGES = {
  badCredentials: 'Email or password is incorrect',
  rateLimited: 'Too many attempts, try again later',
  offline: 'Cannot reach the server. Check the network connection and try again.',
  serverError: 'Sign-in is not available right now. Try again in a minute.',
  expired: 'Your session has ended. Sign in again to continue.',
  idle: 'You were signed out because there was no activity for a while. Sign in again to continue.',
} as const;

/**
 * The message for a failed sign-in: the same text for an unknown email, a wrong password and an
 * email the server rejects as malformed (400), so the page never tells which accounts exist.
 */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    switch (error.status) {
      case 400:
      case 401:
        return SIGN_IN_MESSAGES.badCredentials;
      case 429:
        return rateLimitedMessage(error.headers.get('Retry-After'));
      case 0:
        return SIGN_IN_MESSAGES.offline;
      default:
        return error.status >= 500 ? SIGN_IN_MESSAGES.serverError : SIGN_IN_MESSAGES.offline;
    }
  }
  return SIGN_IN_MESSAGES.offline;
}

/**
 * The server slows guessing down (a growing wait per account and address, never a lockout) and
 * says how long in `Retry-After` (seconds): the owner is told exactly when to try again.
 */
export function rateLimitedMessage(retryAfter: string | null): string {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return SIGN_IN_MESSAGES.rateLimited;
  if (seconds < 90) {
    return `Too many attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Wait ${minutes} minutes, then try again.`;
}

function signedOutNotice(reason: SignedOutReason): string | null {
  switch (reason) {
    case 'expired':
      return SIGN_IN_MESSAGES.expired;
    case 'idle':
      return SIGN_IN_MESSAGES.idle;
    case null:
      return null;
  }
}

@Component({
  selector: 'app-sign-in-page',
  imports: [ReactiveFormsModule],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** Page to return to after signing in (query parameter `returnUrl`, set by the auth guard). */
  private readonly returnUrl = inject(ActivatedRoute).snapshot.queryParamMap.get('returnUrl');

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required]],
    password: ['', [required]],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly submitted = signal(false);
  protected readonly notice = signal<string | null>(signedOutNotice(this.auth.signedOutReason()));

  private readonly emailInput = viewChild.required<ElementRef<HTMLInputElement>>('emailInput');
  private readonly passwordInput =
    viewChild.required<ElementRef<HTMLInputElement>>('passwordInput');

  constructor() {
    afterNextRender(() => {
      this.emailInput().nativeElement.focus();
    });
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    this.submitted.set(true);
    if (this.form.invalid) {
      this.focusFirstInvalid();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    this.auth
      .login(email.trim(), password)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (user) => {
          void this.router.navigateByUrl(safeReturnUrl(this.returnUrl, homeUrlFor(user.role)));
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.error.set(signInErrorMessage(error));
          // A fresh attempt: the cleared password is not a "missing field" until submitted again.
          this.submitted.set(false);
          this.form.controls.password.reset();
        },
      });
  }

  protected showRequired(control: 'email' | 'password'): boolean {
    return this.submitted() && this.form.controls[control].hasError('required');
  }

  private focusFirstInvalid(): void {
    const field = this.form.controls.email.invalid ? this.emailInput() : this.passwordInput();
    field.nativeElement.focus();
  }
}
