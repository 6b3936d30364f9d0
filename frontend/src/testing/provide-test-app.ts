import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { type Routes, provideRouter } from '@angular/router';

import { AuthService } from '../app/core/auth/auth.service';
import { ClinicContext } from '../app/core/clinic/clinic-context.service';

/** What a component or service test needs of the app around it. */
export interface TestAppOptions {
  /** The router with these routes (none: no router). */
  routes?: Routes;
  /** A stand-in for AuthService: the parts the code under test reads (e.g. `{ role: signal('nurse') }`). */
  auth?: object;
  /** A stand-in for ClinicContext (e.g. `{ clinicId: signal(id), clinic: signal(null) }`). */
  clinicContext?: object;
}

/**
 * The providers every TestBed of the dashboard starts from: HttpClient answered by
 * HttpTestingController (no request leaves the test), the router when the test has routes, and
 * stand-ins for the signed-in user and the selected clinic. Spread it into `providers`.
 */
export function provideTestApp(options: TestAppOptions = {}): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    ...(options.routes ? [provideRouter(options.routes)] : []),
    ...(options.auth ? [{ provide: AuthService, useValue: options.auth }] : []),
    ...(options.clinicContext ? [{ provide: ClinicContext, useValue: options.clinicContext }] : []),
  ];
}
