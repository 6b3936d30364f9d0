import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { API_BASE, isApiUrl } from '../../api/api-base';
import { IdleTimeoutService } from '../session/idle-timeout.service';
import { AuthService } from './auth.service';
import { signInUrlTree } from './sign-in-redirect';

/**
 * Requests where a 401 is an answer for the page that made them, not an ended session: a wrong
 * password on sign-in, and a token that had already ended when the user pressed "Sign out".
 */
const OWN_401_URLS = [`${API_BASE}/auth/login`, `${API_BASE}/auth/logout`];

/**
 * Adds the bearer token to requests to our API (never to another origin), and when the API
 * answers 401 (token expired, revoked or unknown) forgets the session and goes to sign-in.
 * Each signed-in request slides the server's idle timeout, so it resets the idle sign-out here.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const router = inject(Router);
  const token = auth.token();
  const authorized = token
    ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } })
    : request;
  if (token) {
    inject(IdleTimeoutService).recordRequest();
  }

  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !OWN_401_URLS.includes(request.url)
      ) {
        auth.expire();
        void router.navigateByUrl(signInUrlTree(router, router.url));
      }
      return throwError(() => error);
    }),
  );
};
