import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ObservationDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { query, textOf, typeInto } from '../../../testing/dom';
import { anObservation } from './board.fixtures';
import { ObservationFormComponent } from './observation-form.component';

const SESSION_ID = '5e550000-0000-4000-8000-000000000001';
const URL = `/api/v1/sessions/${SESSION_ID}/observations`;

describe('ObservationFormComponent', () => {
  let fixture: ComponentFixture<ObservationFormComponent>;
  let http: HttpTestingController;
  let recorded: ObservationDto[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-26T14:05:30.000Z') });
    TestBed.configureTestingModule({
      imports: [ObservationFormComponent],
      providers: [...provideTestApp()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ObservationFormComponent);
    fixture.componentRef.setInput('sessionId', SESSION_ID);
    fixture.componentRef.setInput('now', Date.now());
    recorded = [];
    fixture.componentInstance.recorded.subscribe((observation) => recorded.push(observation));
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const input = (id: string): HTMLInputElement => query(page(), `#${id}`, HTMLInputElement);
  const type = (id: string, value: string): void => {
    typeInto(input(id), value);
    fixture.detectChanges();
  };
  const pressEnter = (element: HTMLElement): void => {
    element.focus();
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    fixture.detectChanges();
  };
  const errorOf = (id: string): string | null => textOf(page(), `#${id}-error`);
  const pending = (): TestRequest[] => http.match(URL);

  it('saves with Enter from a field, then clears and puts the cursor back in the first field', () => {
    expect(input('obs-time').value).toBe('14:05'); // now
    type('obs-systolic', '186');
    type('obs-diastolic', '104');
    type('obs-heart-rate', '92');
    type('obs-spo2', '98');
    type('obs-respiratory-rate', '16');
    query(page(), 'input[name="moaas"][value="4"]', HTMLInputElement).click();
    ['0', '1', '0', '2', '0', '0'].forEach((value, index) => {
      type(`obs-cadss-${String(index)}`, value);
    });
    expect(textOf(page(), '[data-testid="cadss-total"]')).toBe('3');

    pressEnter(input('obs-respiratory-rate'));

    const [request] = pending();
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      recordedAt: '2026-11-26T14:05:30.000Z',
      systolic: 186,
      diastolic: 104,
      heartRate: 92,
      spo2: 98,
      respiratoryRate: 16,
      moaas: 4,
      cadss6: [0, 1, 0, 2, 0, 0],
    });
    expect(request.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);
    expect(query(page(), 'button[type="submit"]', HTMLButtonElement).textContent).toContain(
      'Saving',
    );

    const saved = anObservation({ recordedAt: '2026-11-26T14:05:30.000Z', minutesSinceDose: 45 });
    request.flush(saved, { status: 201, statusText: 'Created' });
    fixture.detectChanges();

    expect(recorded).toEqual([saved]);
    for (const id of ['obs-systolic', 'obs-diastolic', 'obs-heart-rate', 'obs-cadss-0']) {
      expect(input(id).value).toBe('');
    }
    expect(query(page(), 'input[name="moaas"][value=""]', HTMLInputElement).checked).toBe(true);
    expect(document.activeElement).toBe(input('obs-systolic'));
    expect(textOf(page(), '[data-testid="observation-saved"]')).toBe(
      'Observation saved: 14:05, 45 min after the dose.',
    );
  });

  it('says "pre-dose reading" for a reading of a session not started yet, not "N min after the dose"', () => {
    fixture.componentRef.setInput('beforeDose', true);
    type('obs-systolic', '128');
    type('obs-diastolic', '82');
    pressEnter(input('obs-diastolic'));
    // Minutes count from the planned time until the dose is given: 5 min past it here.
    pending()[0].flush(
      anObservation({ recordedAt: '2026-11-26T14:05:30.000Z', minutesSinceDose: 5 }),
      {
        status: 201,
        statusText: 'Created',
      },
    );
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="observation-saved"]')).toBe(
      'Observation saved: 14:05, pre-dose reading.',
    );
  });

  it('saves with Enter on a MOAA/S choice too', () => {
    const choice = query(page(), 'input[name="moaas"][value="5"]', HTMLInputElement);
    choice.click();
    fixture.detectChanges();
    pressEnter(choice);
    const [request] = pending();
    expect(request.request.body).toEqual({ recordedAt: '2026-11-26T14:05:30.000Z', moaas: 5 });
    request.flush(anObservation(), { status: 201, statusText: 'Created' });
  });

  it('checks the readings before sending and shows the messages beside the fields', async () => {
    type('obs-systolic', '400');
    type('obs-heart-rate', '72.5');
    pressEnter(input('obs-heart-rate'));
    await fixture.whenStable();

    expect(pending()).toHaveLength(0);
    expect(errorOf('obs-systolic')).toBe('Systolic BP must be a whole number from 50 to 300');
    expect(errorOf('obs-diastolic')).toBe('Enter both systolic and diastolic BP.');
    expect(errorOf('obs-heart-rate')).toBe('Heart rate must be a whole number from 20 to 250');
    expect(input('obs-systolic').getAttribute('aria-invalid')).toBe('true');
    expect(input('obs-systolic').getAttribute('aria-describedby')).toBe('obs-systolic-error');
    expect(document.activeElement).toBe(input('obs-systolic')); // the first field in error

    // The messages follow the corrections.
    type('obs-systolic', '140');
    type('obs-diastolic', '90');
    expect(errorOf('obs-systolic')).toBeNull();
    expect(errorOf('obs-heart-rate')).not.toBeNull();
  });

  it('asks for at least one measurement', () => {
    pressEnter(input('obs-systolic'));
    expect(pending()).toHaveLength(0);
    expect(textOf(page(), '[data-testid="observation-form-error"]')).toContain(
      'Enter at least one measurement',
    );
  });

  it('refuses a time in the future', () => {
    type('obs-systolic', '120');
    type('obs-diastolic', '80');
    type('obs-time', '15:00');
    pressEnter(input('obs-time'));
    expect(pending()).toHaveLength(0);
    expect(errorOf('obs-time')).toBe('Enter a time that is not in the future, as HH:MM.');
  });

  it('refuses a time it cannot read (12-hour), saying the format, instead of saving it as now', () => {
    type('obs-systolic', '120');
    type('obs-diastolic', '80');
    type('obs-time', '10:58 PM');
    pressEnter(input('obs-time'));
    expect(pending()).toHaveLength(0);
    expect(errorOf('obs-time')).toBe('Enter the time as 24-hour hh:mm, e.g. 14:05.');
    expect(input('obs-time').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends one observation for a double Enter', () => {
    type('obs-heart-rate', '80');
    pressEnter(input('obs-heart-rate'));
    pressEnter(input('obs-heart-rate'));
    const requests = pending();
    expect(requests).toHaveLength(1);
    requests[0].flush(anObservation(), { status: 201, statusText: 'Created' });
  });

  it('shows the server’s refusal beside the field it names, and keeps what was typed', () => {
    type('obs-spo2', '97');
    pressEnter(input('obs-spo2'));
    pending()[0].flush(
      { statusCode: 400, error: 'Bad Request', message: ['spo2 must not be less than 50'] },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(errorOf('obs-spo2')).toBe('SpO₂ must not be less than 50');
    expect(input('obs-spo2').value).toBe('97');
    expect(recorded).toEqual([]);
  });

  it('retries a lost answer with the same body and key, so the server can record it once', () => {
    type('obs-heart-rate', '80');
    pressEnter(input('obs-heart-rate'));
    const first = pending()[0];
    first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    fixture.detectChanges();
    expect(textOf(page(), '[data-testid="observation-form-error"]')).toContain(
      'The server could not be reached',
    );

    jest.advanceTimersByTime(20_000);
    pressEnter(input('obs-heart-rate'));
    const second = pending()[0];
    expect(second.request.body).toEqual(first.request.body);
    expect(second.request.headers.get('Idempotency-Key')).toBe(
      first.request.headers.get('Idempotency-Key'),
    );
    second.flush(anObservation(), { status: 201, statusText: 'Created' });
    fixture.detectChanges();

    type('obs-heart-rate', '82');
    pressEnter(input('obs-heart-rate'));
    const third = pending()[0];
    expect(third.request.headers.get('Idempotency-Key')).not.toBe(
      first.request.headers.get('Idempotency-Key'),
    );
    third.flush(anObservation(), { status: 201, statusText: 'Created' });
  });
});
