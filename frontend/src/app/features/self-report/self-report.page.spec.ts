import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import type { SelfReportInfoDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { SelfReportPage } from './self-report.page';

const TOKEN = 'a'.repeat(43);
const URL = `/api/v1/self-report/${TOKEN}`;
const INFO: SelfReportInfoDto = {
  clinicName: 'Riverside Clinic',
  givenName: 'Robin',
  questionnaire: 'phq9',
  recall: '24_hours',
  expiresAt: '2026-11-28T02:00:00.000Z',
  open: true,
  opensAt: '2026-11-27T02:00:00.000Z',
};

describe('SelfReportPage', () => {
  let fixture: ComponentFixture<SelfReportPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = () => el().textContent?.replace(/\s+/g, ' ') ?? '';

  async function open(response: SelfReportInfoDto | { status: number }) {
    TestBed.configureTestingModule({
      imports: [SelfReportPage],
      providers: [
        ...provideTestApp(),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { paramMap: convertToParamMap({ token: TOKEN }) } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SelfReportPage);
    fixture.detectChanges();
    const req = http.expectOne(URL);
    if ('status' in response)
      req.flush({ statusCode: response.status }, { status: response.status, statusText: 'x' });
    else req.flush(response);
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function choose(item: number, value: number) {
    const input = el().querySelector<HTMLInputElement>(
      `input[name="item${item}"][value="${value}"]`,
    );
    if (!input) throw new Error(`no radio for item ${item} = ${value}`);
    input.click();
    fixture.detectChanges();
  }

  function click(label: RegExp) {
    const button = [...el().querySelectorAll('button')].find((b) =>
      label.test(b.textContent ?? ''),
    );
    if (!button) throw new Error(`no button ${label}`);
    button.click();
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  it('greets the patient by given name with the 24-hour wording and nine questions', async () => {
    await open(INFO);
    expect(text()).toContain('Hello Robin');
    expect(text()).toContain('Riverside Clinic');
    expect(text()).toContain('Over the last 24 hours');
    expect(el().querySelectorAll('fieldset').length).toBe(10); // nine items and the optional item 10
  });

  it('asks for the unanswered questions before the review, then sends all nine answers', async () => {
    await open(INFO);
    for (let i = 1; i <= 8; i++) choose(i, 1);
    click(/Review my answers/);
    expect(text()).toContain('Please answer question 9');
    choose(9, 0);
    click(/Review my answers/);
    expect(text()).toContain('Check your answers');
    click(/Send my answers/);
    const req = http.expectOne(URL);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ items: [1, 1, 1, 1, 1, 1, 1, 1, 0], item10: null });
    req.flush({ crisis: { show: false, text: null } });
    fixture.detectChanges();
    expect(text()).toContain('Thank you');
    expect(text()).not.toContain('Help is available now');
  });

  it('shows the crisis text when item 9 is positive', async () => {
    await open(INFO);
    for (let i = 1; i <= 9; i++) choose(i, 2);
    click(/Review my answers/);
    click(/Send my answers/);
    http.expectOne(URL).flush({ crisis: { show: true, text: 'Call 988 or 911.' } });
    fixture.detectChanges();
    expect(text()).toContain('Help is available now');
    expect(text()).toContain('Call 988 or 911.');
  });

  it('says a used, expired or unknown link is no longer valid', async () => {
    await open({ status: 410 });
    expect(text()).toContain('This link is no longer valid');
  });

  it('says when a questionnaire that is not open yet opens', async () => {
    await open({ ...INFO, open: false });
    expect(text()).toContain('Not open yet');
    expect(el().querySelector('form')).toBeNull();
  });
});
