import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';

import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { pageViewInterceptor } from './core/http/page-view';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Route parameters arrive as component inputs (e.g. the patient page's `id`); links to a
    // section (#patient-flags) scroll to it, and Back restores the scroll position.
    provideRouter(
      routes,
      withComponentInputBinding(),
      withInMemoryScrolling({ anchorScrolling: 'enabled', scrollPositionRestoration: 'enabled' }),
    ),
    // Every API request says which page view it serves, so the audit log can group a page's reads.
    provideHttpClient(withInterceptors([authInterceptor, pageViewInterceptor])),
  ],
};
