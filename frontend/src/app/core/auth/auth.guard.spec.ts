import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aLoginResponse } from '../../../testing/fixtures';
import { authGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { safeReturnUrl } from './sign-in-redirect';

@Component({ template: '<h1>Protected</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class ProtectedPage {
  readonly kind = 'protected';
}

@Component({ template: '<h1>Sign in</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class SignInStubPage {
  readonly kind = 'sign-in';
}

describe('authGuard', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: SignInStubPage },
          { path: 'patients', canActivate: [authGuard], component: ProtectedPage },
          { path: 'patients/:id', canActivate: [authGuard], component: ProtectedPage },
        ]),
      ],
    });
  });

  async function visit(url: string): Promise<string> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it('sends a signed-out user to sign-in', async () => {
    expect(await visit('/patients')).toBe('/sign-in');
  });

  it('remembers a deep link to come back to', async () => {
    expect(await visit('/patients/0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02')).toBe(
      '/sign-in?returnUrl=%2Fpatients%2F0b9e2f7d-5c44-4f51-8e0a-7d2a9c6b3e02',
    );
  });

  it('lets a signed-in user through', async () => {
    TestBed.inject(AuthService).login('a@b.c', 'pw').subscribe();
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/login').flush(aLoginResponse());

    expect(await visit('/patients')).toBe('/patients');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    [undefined, '/patients'],
    [null, '/patients'],
    ['', '/patients'],
    ['/patients/123', '/patients/123'],
    ['/sign-in', '/patients'],
    ['//evil.example/phish', '/patients'],
    ['/\\evil.example', '/patients'],
    ['https://evil.example/', '/patients'],
    ['javascript:alert(1)', '/patients'],
  ])('%p -> %p', (returnUrl, expected) => {
    expect(safeReturnUrl(returnUrl)).toBe(expected);
  });
});
