import { type HttpInterceptorFn } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { NavigationStart, Router } from '@angular/router';

import { isApiUrl } from '../../api/api-base';

/**
 * A version-4 UUID from crypto.getRandomValues (randomUUID does not exist over plain http, which
 * clinics may use on their own network).
 */
export function newViewId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The page view the user is on: a new id each time the router starts a navigation. The API audits
 * every record a request reads; with this id (sent as `X-View-Id`) the audit log shows one row per
 * page view with the records it read, instead of one row per request and record.
 */
@Injectable({ providedIn: 'root' })
export class PageView {
  private current = newViewId();

  constructor() {
    inject(Router).events.subscribe((event) => {
      if (event instanceof NavigationStart) {
        this.current = newViewId();
      }
    });
  }

  get id(): string {
    return this.current;
  }
}

/** Adds `X-View-Id` to requests to our API (never to another origin). */
export const pageViewInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  return next(request.clone({ setHeaders: { 'X-View-Id': inject(PageView).id } }));
};
