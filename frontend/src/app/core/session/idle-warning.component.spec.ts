import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { buttonLabelled, normalize } from '../../../testing/dom';
import { aLoginResponse } from '../../../testing/fixtures';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { IdleTimeoutService } from './idle-timeout.service';
import { IdleWarningComponent } from './idle-warning.component';

describe('IdleWarningComponent', () => {
  let fixture: ComponentFixture<IdleWarningComponent>;
  let httpTesting: HttpTestingController;
  let stop: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [IdleWarningComponent],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login('a@b.c', 'pw').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse());
    stop = TestBed.inject(IdleTimeoutService).start();
    fixture = TestBed.createComponent(IdleWarningComponent);
    document.body.append(fixture.nativeElement as HTMLElement);
    fixture.detectChanges();
  });

  afterEach(() => {
    stop();
    (fixture.nativeElement as HTMLElement).remove();
    httpTesting.verify();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const dialog = (): HTMLElement | null => page().querySelector('[role="alertdialog"]');

  // Fake timers drive the clock; change detection is run by hand (whenStable would wait on them).
  function seconds(n: number): void {
    jest.advanceTimersByTime(n * 1000);
    fixture.detectChanges();
    fixture.detectChanges();
  }

  it('shows nothing while the user is active', () => {
    seconds(839);

    expect(dialog()).toBeNull();
  });

  it('warns a minute before, as an alert dialog with the button focused', () => {
    const before = document.createElement('button');
    document.body.append(before);
    before.focus();

    seconds(840);

    const warning = dialog();
    expect(warning).not.toBeNull();
    expect(normalize(warning?.textContent ?? '')).toBe(
      'Are you still there? You will be signed out in 60 s Stay signed in',
    );
    const labelledBy = warning?.getAttribute('aria-labelledby') ?? '';
    expect(normalize(document.getElementById(labelledBy)?.textContent ?? '')).toBe(
      'Are you still there?',
    );
    expect(document.activeElement).toBe(buttonLabelled(page(), 'Stay signed in'));

    seconds(10);
    expect(normalize(dialog()?.textContent ?? '')).toContain('signed out in 50 s');
    before.remove();
  });

  it('"Stay signed in" keeps the session and gives the focus back', () => {
    const before = document.createElement('input');
    document.body.append(before);
    before.focus();
    seconds(850);

    buttonLabelled(page(), 'Stay signed in').click();
    seconds(0);

    expect(dialog()).toBeNull();
    httpTesting.expectOne('/api/v1/auth/me').flush(aLoginResponse().user);
    expect(document.activeElement).toBe(before);
    before.remove();
  });
});
