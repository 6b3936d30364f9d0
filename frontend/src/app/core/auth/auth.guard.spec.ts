import { HttpTestingController } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { provideTestApp } from '../../../testing/provide-test-app';
import { aLoginResponse, aUser } from '../../../testing/fixtures';
import { authGuard, roleGuard } from './auth.guard';
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
        ...provideTestApp({
          routes: [
            { path: 'sign-in', component: SignInStubPage },
            { path: 'patients', canActivate: [authGuard], component: ProtectedPage },
            { path: 'patients/:id', canActivate: [authGuard], component: ProtectedPage },
          ],
        }),
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

describe('roleGuard', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp({
          routes: [
            { path: 'sign-in', component: SignInStubPage },
            { path: 'board', component: ProtectedPage },
            { path: 'patients', component: ProtectedPage },
            {
              path: 'manager/outcomes',
              canMatch: [roleGuard('manager')],
              canActivate: [roleGuard('manager')],
              component: ProtectedPage,
            },
            {
              path: 'flags',
              canActivate: [roleGuard('manager', 'nurse')],
              component: ProtectedPage,
            },
          ],
        }),
      ],
    });
  });

  async function visitAs(role: 'manager' | 'nurse' | 'psychiatrist' | null, url: string) {
    if (role) {
      TestBed.inject(AuthService).login('a@b.c', 'pw').subscribe();
      TestBed.inject(HttpTestingController)
        .expectOne('/api/v1/auth/login')
        .flush(aLoginResponse(aUser({ role })));
    }
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it.each([
    ['manager', '/manager/outcomes', '/manager/outcomes'],
    ['nurse', '/manager/outcomes', '/board'],
    ['psychiatrist', '/manager/outcomes', '/patients'],
    ['nurse', '/flags', '/flags'],
    ['psychiatrist', '/flags', '/patients'],
    [null, '/manager/outcomes', '/sign-in?returnUrl=%2Fmanager%2Foutcomes'],
    [null, '/flags', '/sign-in?returnUrl=%2Fflags'],
  ] as const)('%s visiting %s ends at %s', async (role, url, expected) => {
    expect(await visitAs(role, url)).toBe(expected);
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

  it.each([
    [null, '/board'],
    ['/sign-in', '/board'],
    ['//evil.example/', '/board'],
    ['/patients/123', '/patients/123'],
  ])('with a role start page: %p -> %p', (returnUrl, expected) => {
    expect(safeReturnUrl(returnUrl, '/board')).toBe(expected);
  });
});
