import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import type { Role } from '@clinic/shared';

import { AuthService } from './auth.service';
import { signInUrlTree } from './sign-in-redirect';

/** Signed-in users only; others go to sign-in and come back to the page they asked for. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthService).isSignedIn() || signInUrlTree(inject(Router), state.url);

/**
 * Only these roles; others are sent to their home page (the server refuses them anyway: this
 * keeps the screens a role cannot use out of its way).
 */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return () => {
    const auth = inject(AuthService);
    const role = auth.role();
    return (role !== null && roles.includes(role)) || inject(Router).parseUrl('/patients');
  };
}
