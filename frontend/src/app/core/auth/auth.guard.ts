import { inject } from '@angular/core';
import {
  type ActivatedRouteSnapshot,
  type CanActivateFn,
  type CanMatchFn,
  type Route,
  Router,
  type RouterStateSnapshot,
  type UrlSegment,
} from '@angular/router';

import type { Role } from '@clinic/shared';

import { AuthService } from './auth.service';
import { homeUrlFor } from './role-home';
import { signInUrlTree } from './sign-in-redirect';

/** Signed-in users only; others go to sign-in and come back to the page they asked for. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthService).isSignedIn() || signInUrlTree(inject(Router), state.url);

/**
 * Only these roles; other roles are sent to their home page (the server refuses them anyway: this
 * keeps the screens a role cannot use out of its way). Signed-out visitors go to sign-in and come
 * back to the page they asked for.
 *
 * Usable as `canMatch` (then the feature's code is not even downloaded for other roles) and as
 * `canActivate`.
 */
export function roleGuard(...roles: Role[]): CanActivateFn & CanMatchFn {
  return (_route: ActivatedRouteSnapshot | Route, target: RouterStateSnapshot | UrlSegment[]) => {
    const router = inject(Router);
    const role = inject(AuthService).role();
    if (role === null) {
      // canMatch gets only the segments below its parent: take the whole URL being visited.
      const navigation = router.currentNavigation();
      let url: string;
      if (!Array.isArray(target)) {
        url = target.url;
      } else if (navigation) {
        url = router.serializeUrl(navigation.extractedUrl);
      } else {
        url = `/${target.map((segment) => segment.path).join('/')}`;
      }
      return signInUrlTree(router, url);
    }
    return roles.includes(role) || router.parseUrl(homeUrlFor(role));
  };
}
