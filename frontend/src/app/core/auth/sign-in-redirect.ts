import type { Router, UrlTree } from '@angular/router';

const HOME = '/patients';

/**
 * The sign-in page, remembering the page to come back to. Only the path is kept (record ids at
 * most, never patient details) and only when it is not the home page.
 */
export function signInUrlTree(router: Router, returnUrl: string): UrlTree {
  const keep =
    returnUrl !== '' &&
    returnUrl !== '/' &&
    returnUrl !== HOME &&
    !returnUrl.startsWith('/sign-in');
  return router.createUrlTree(['/sign-in'], keep ? { queryParams: { returnUrl } } : {});
}

/**
 * Where to go after signing in: the remembered page if it is a path of this app (a leading single
 * slash: no other origin, no `//host`, no `javascript:`), else `home` (the role's home page).
 */
export function safeReturnUrl(returnUrl: string | null | undefined, home = HOME): string {
  if (returnUrl?.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\')) {
    return returnUrl.startsWith('/sign-in') ? home : returnUrl;
  }
  return home;
}
