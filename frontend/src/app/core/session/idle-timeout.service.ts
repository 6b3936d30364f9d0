import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Router } from '@angular/router';

import { AuthApi } from '../../api/auth.api';
import { AuthService } from '../auth/auth.service';
import { signInUrlTree } from '../auth/sign-in-redirect';

export interface IdleTimeoutOptions {
  /** The warning shows this many seconds before the sign-out (issue 4: one minute). */
  warningSeconds: number;
  /** How often the clock is checked. Wall-clock based, so a late (throttled) check still works. */
  checkIntervalMs: number;
}

/** Injectable so tests can shorten the warning and check more often. */
export const IDLE_TIMEOUT_OPTIONS = new InjectionToken<IdleTimeoutOptions>('IDLE_TIMEOUT_OPTIONS', {
  providedIn: 'root',
  factory: () => ({ warningSeconds: 60, checkIntervalMs: 1000 }),
});

/** What counts as the user being at the device. */
export const USER_INPUT_EVENTS = [
  'pointerdown',
  'pointermove',
  'keydown',
  'wheel',
  'touchstart',
  'scroll',
] as const;

/**
 * Signs the user out after the server's idle timeout without activity, with a warning shortly
 * before (WCAG 2.2.1 Timing Adjustable: the user can extend it with one simple action).
 *
 * Activity is any API request (the server slides its own idle timeout on each one) and any user
 * input. Input alone does not reach the server, so while the user works without requests (reading
 * a chart, filling a long form) a keep-alive request goes out at most once per half timeout: the
 * server's session then never ends before this device's.
 */
@Injectable({ providedIn: 'root' })
export class IdleTimeoutService {
  private readonly auth = inject(AuthService);
  private readonly authApi = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly options = inject(IDLE_TIMEOUT_OPTIONS);

  private lastActivityAt = Date.now();
  private lastRequestAt = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;
  private signingOut = false;
  private readonly onInput = (): void => {
    this.recordInput();
  };
  private readonly onVisibilityChange = (): void => {
    this.check();
  };

  private readonly secondsLeftState = signal<number | null>(null);
  /** Seconds until the idle sign-out while the warning shows; null otherwise. */
  readonly warningSecondsLeft = this.secondsLeftState.asReadonly();

  /** Starts watching (the signed-in shell calls this); returns the function that stops it. */
  start(): () => void {
    this.stop();
    const now = Date.now();
    this.lastActivityAt = now;
    this.lastRequestAt = now;
    this.signingOut = false;
    this.secondsLeftState.set(null);
    for (const type of USER_INPUT_EVENTS) {
      this.document.addEventListener(type, this.onInput, { capture: true, passive: true });
    }
    this.document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.timer = setInterval(() => {
      this.check();
    }, this.options.checkIntervalMs);
    return () => {
      this.stop();
    };
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
    for (const type of USER_INPUT_EVENTS) {
      this.document.removeEventListener(type, this.onInput, { capture: true });
    }
    this.document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.secondsLeftState.set(null);
  }

  /** An API request went out (the auth interceptor calls this): the server slid its timeout too. */
  recordRequest(): void {
    const now = Date.now();
    this.lastRequestAt = now;
    this.lastActivityAt = now;
    this.secondsLeftState.set(null);
  }

  /** The user did something on the page. */
  recordInput(): void {
    if (this.timer === null || this.signingOut) {
      return;
    }
    const now = Date.now();
    this.lastActivityAt = now;
    const warningShown = this.secondsLeftState() !== null;
    this.secondsLeftState.set(null);
    if (warningShown || now - this.lastRequestAt >= this.timeoutMs() / 2) {
      this.keepAlive();
    }
  }

  /** "Stay signed in": a request to the server, which slides its timeout and resets ours. */
  staySignedIn(): void {
    this.lastActivityAt = Date.now();
    this.secondsLeftState.set(null);
    this.keepAlive();
  }

  /** Compares the clock with the last activity: warns, or signs out. */
  check(): void {
    if (this.timer === null || this.signingOut) {
      return;
    }
    const left = this.lastActivityAt + this.timeoutMs() - Date.now();
    if (left <= 0) {
      this.signOut();
    } else if (left <= this.options.warningSeconds * 1000) {
      this.secondsLeftState.set(Math.ceil(left / 1000));
    } else {
      this.secondsLeftState.set(null);
    }
  }

  private timeoutMs(): number {
    return this.auth.idleTimeoutSeconds() * 1000;
  }

  private keepAlive(): void {
    if (!this.auth.isSignedIn()) {
      return;
    }
    this.lastRequestAt = Date.now();
    // A 401 here (the server already ended the session) is handled by the auth interceptor.
    this.authApi.me().subscribe({ error: () => undefined });
  }

  private signOut(): void {
    this.signingOut = true;
    const returnUrl = this.router.url;
    this.stop();
    this.auth.logoutAfterInactivity().subscribe({
      complete: () => {
        void this.router.navigateByUrl(signInUrlTree(this.router, returnUrl));
      },
    });
  }
}
