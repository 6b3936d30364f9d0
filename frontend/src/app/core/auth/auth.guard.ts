import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth.service';
import { signInUrlTree } from './sign-in-redirect';

/** Signed-in users only; others go to sign-in and come back to the page they asked for. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthService).isSignedIn() || signInUrlTree(inject(Router), state.url);
