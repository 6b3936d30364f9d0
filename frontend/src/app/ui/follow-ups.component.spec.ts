import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { FollowUpDto } from '@clinic/shared';

import { provideTestApp } from '../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf } from '../../testing/dom';
import { FollowUpsComponent } from './follow-ups.component';

jest.mock('qrcode', () => ({
  toDataURL: jest.fn((text: string) => Promise.resolve(`data:image/png;base64,${btoa(text)}`)),
}));

const SESSION_ID = '7f1c2d3e-0000-4000-8000-000000000001';
const LINK_24 = 'https://clinic.example/r/token-24';

function aFollowUp(overrides: Partial<FollowUpDto> = {}): FollowUpDto {
  return {
    id: 'f24',
    sessionId: SESSION_ID,
    kind: '24h',
    dueAt: '2026-10-06T09:00:00.000Z',
    opensAt: '2026-10-05T21:00:00.000Z',
    expiresAt: '2026-10-06T21:00:00.000Z',
    status: 'open',
    link: LINK_24,
    completedAt: null,
    phq9Id: null,
    ...overrides,
  };
}

const F24 = aFollowUp();
const F72 = aFollowUp({
  id: 'f72',
  kind: '72h',
  dueAt: '2026-10-08T09:00:00.000Z',
  opensAt: '2026-10-07T09:00:00.000Z',
  expiresAt: '2026-10-09T09:00:00.000Z',
  status: 'scheduled',
  link: 'https://clinic.example/r/token-72',
});

describe('FollowUpsComponent', () => {
  let fixture: ComponentFixture<FollowUpsComponent>;
  let httpTesting: HttpTestingController;
  let writeText: jest.Mock<Promise<void>, [string]>;

  const root = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const card = (kind: string): HTMLElement =>
    query(root(), `[data-testid="follow-up-${kind}"]`, HTMLElement);

  async function setUp(items: FollowUpDto[] | 'error' = [F24, F72]): Promise<void> {
    writeText = jest.fn<Promise<void>, [string]>(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    TestBed.configureTestingModule({
      providers: [...provideTestApp()],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FollowUpsComponent);
    fixture.componentRef.setInput('sessionId', SESSION_ID);
    fixture.componentRef.setInput('timeZone', 'America/New_York');
    fixture.detectChanges();
    const request = httpTesting.expectOne(`/api/v1/sessions/${SESSION_ID}/followups`);
    expect(request.request.method).toBe('GET');
    if (items === 'error') {
      request.flush(null, { status: 500, statusText: 'Server Error' });
    } else {
      request.flush({ items });
    }
    await fixture.whenStable();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  it('lists each request with its window in the clinic time zone and a status in words', async () => {
    await setUp([F24, F72, aFollowUp({ id: 'c', kind: '72h', status: 'completed' })]);
    const texts = Array.from(root().querySelectorAll('[data-testid^="follow-up-"] h3')).map((h) =>
      normalize(h.textContent),
    );
    expect(texts).toEqual([
      '24-hour questionnaire',
      '72-hour questionnaire',
      '72-hour questionnaire',
    ]);
    // 21:00 UTC is 17:00 in New York (EDT).
    expect(textOf(card('24h'), '.follow-up__window')).toBe(
      'Window 5 Oct 2026, 17:00 – 6 Oct 2026, 17:00',
    );
    expect(textOf(card('24h'), '[data-testid="follow-up-status"]')).toBe('Open');
    expect(textOf(card('72h'), '[data-testid="follow-up-status"]')).toBe('Scheduled');
    const completed = root().querySelectorAll('[data-testid="follow-up-72h"]')[1];
    expect(textOf(completed, '[data-testid="follow-up-status"]')).toBe('Completed');
    expect(completed.querySelectorAll('button')).toHaveLength(0);
  });

  it('says so when there is no request or they cannot be loaded', async () => {
    await setUp([]);
    expect(textOf(root(), '[data-testid="follow-ups-empty"]')).toContain('No follow-up');
    TestBed.resetTestingModule();
    await setUp('error');
    expect(textOf(root(), '[role="alert"]')).toContain('could not be loaded');
  });

  it('copies the link and announces it', async () => {
    await setUp();
    buttonLabelled(card('24h'), 'Copy link').click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith(LINK_24);
    expect(textOf(root(), '[aria-live="polite"]')).toBe('Link copied');
  });

  it('shows and hides the QR code drawn by the lazily loaded qrcode module', async () => {
    await setUp();
    const toggle = buttonLabelled(card('24h'), 'Show QR code');
    toggle.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const image = query(card('24h'), 'img', HTMLImageElement);
    expect(image.alt).toBe('QR code for the 24-hour questionnaire link');
    expect(image.getAttribute('src')).toBe(`data:image/png;base64,${btoa(LINK_24)}`);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    buttonLabelled(card('24h'), 'Hide QR code').click();
    await fixture.whenStable();
    expect(card('24h').querySelector('img')).toBeNull();
  });

  it('queues the link by email and says so', async () => {
    await setUp();
    buttonLabelled(card('24h'), 'Send by email').click();
    const request = httpTesting.expectOne('/api/v1/followups/f24/send');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ channel: 'email' });
    request.flush(
      { id: 'm1', status: 'queued', channel: 'email' },
      { status: 202, statusText: 'Accepted' },
    );
    await fixture.whenStable();
    expect(textOf(card('24h'), '[data-testid="follow-up-result"]')).toBe('Queued by email');
  });

  it("shows the server's 422 message when the SMS cannot be queued", async () => {
    await setUp();
    buttonLabelled(card('72h'), 'Send by SMS').click();
    const request = httpTesting.expectOne('/api/v1/followups/f72/send');
    expect(request.request.body).toEqual({ channel: 'sms' });
    request.flush(
      { statusCode: 422, message: 'The patient has no mobile phone number' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    expect(textOf(card('72h'), '[data-testid="follow-up-result"]')).toBe(
      'The patient has no mobile phone number',
    );
  });
});
