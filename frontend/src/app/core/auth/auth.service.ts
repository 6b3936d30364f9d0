import { Injectable, computed, inject, signal } from '@angular/core';
import type { LoginResponse, Role, UserDto } from '@clinic/shared';
import { type Observable, catchError, finalize, map, of, tap } from 'rxjs';

import { AuthApi } from '../../api/auth.api';

interface Session {
  token: string;
  expiresAt: string;
  idleTimeoutSeconds: number;
  user: UserDto;
}

/**
 * Why the user is on the sign-in page again, shown there once: the server ended the session
 * (`expired`), or this device signed out after the idle timeout (`idle`).
 */
export type SignedOutReason = 'expired' | 'idle' | null;

/** The server's default idle timeout (API.md, "Auth": 15 min), used if the login omits it. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15 * 60;

/**
 * The signed-in session.
 *
 * The token and user live in memory only, never in localStorage, sessionStorage or cookies: a
 * shared clinic tablet must not keep a usable token or any patient data after the tab is closed
 * or reloaded. The cost is signing in again after a reload, which clinics accept.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly authApi = inject(AuthApi);
  private readonly session = signal<Session | null>(null);
  private readonly signedOutReasonState = signal<SignedOutReason>(null);

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.token ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);
  readonly role = computed<Role | null>(() => this.user()?.role ?? null);
  /** Administrators manage clinics and users and see no clinical data. */
  readonly isAdministrator = computed(() => this.role() === 'admin');
  readonly signedOutReason = this.signedOutReasonState.asReadonly();
  /** The session ends after this many seconds without a request (LoginResponse.idleTimeoutSeconds). */
  readonly idleTimeoutSeconds = computed(
    () => this.session()?.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
  );

  login(email: string, password: string): Observable<UserDto> {
    return this.authApi.login({ email, password }).pipe(
      tap((response: LoginResponse) => {
        this.session.set({
          token: response.token,
          expiresAt: response.expiresAt,
          idleTimeoutSeconds:
            Number.isFinite(response.idleTimeoutSeconds) && response.idleTimeoutSeconds > 0
              ? response.idleTimeoutSeconds
              : DEFAULT_IDLE_TIMEOUT_SECONDS,
          user: response.user,
        });
        this.signedOutReasonState.set(null);
      }),
      map((response) => response.user),
    );
  }

  /**
   * Revokes the token on the server, then forgets the session. The local session is cleared even
   * when the server cannot be reached, so "Sign out" always signs out this device.
   */
  logout(): Observable<void> {
    if (!this.session()) {
      return of(undefined);
    }
    return this.authApi.logout().pipe(
      catchError(() => of(null)),
      map((): void => {
        this.clear();
      }),
      // Also when the caller unsubscribes before the server answers.
      finalize(() => {
        this.clear();
      }),
    );
  }

  /**
   * Signs out after the idle timeout: revokes the token like "Sign out" and tells the sign-in
   * page why.
   */
  logoutAfterInactivity(): Observable<void> {
    return this.logout().pipe(
      tap({
        complete: () => {
          this.signedOutReasonState.set('idle');
        },
      }),
    );
  }

  /** The server refused the token (expired, revoked): forget it without calling the server. */
  expire(): void {
    if (this.session()) {
      this.signedOutReasonState.set('expired');
    }
    this.clear();
  }

  private clear(): void {
    this.session.set(null);
  }
}
