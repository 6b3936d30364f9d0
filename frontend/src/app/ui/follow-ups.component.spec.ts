import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { FollowUpDto } from '@clinic/shared';

import { provideTestApp } from '../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf } from '../../testing/dom';
import { FollowUpsComponent } from './follow-ups.component';

// The browser bundle hands the CommonJS library over as the namespace's `default` (issue 20).
jest.mock('qrcode', () => ({
  __esModule: true,
  default: {
    toCanvas: jest.fn((canvas: HTMLCanvasElement, text: string) => {
      canvas.dataset['drawn'] = text;
      return Promise.resolve();
    }),
  },
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
    channels: ['email', 'sms'],
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

  it('copies the link and says "Copied" beside it', async () => {
    await setUp();
    buttonLabelled(card('24h'), 'Copy link').click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith(LINK_24);
    expect(textOf(card('24h'), '[data-testid="follow-up-copied"]')).toBe('Copied');
    expect(textOf(root(), '[aria-live="polite"]')).toBe('Link copied');
  });

  it('shows the link selected, with what to do, when the browser refuses the clipboard', async () => {
    await setUp();
    writeText.mockImplementation(() => Promise.reject(new Error('NotAllowedError')));
    buttonLabelled(card('24h'), 'Copy link').click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    const fallback = query(card('24h'), '[data-testid="follow-up-copy-fallback"]', HTMLElement);
    expect(textOf(fallback, '[role="alert"]')).toContain('press Ctrl+C');
    const box = query(fallback, 'input', HTMLInputElement);
    expect(box.value).toBe(LINK_24);
    expect(box.readOnly).toBe(true);
    expect(document.activeElement).toBe(box);
    expect(card('24h').querySelector('[data-testid="follow-up-copied"]')).toBeNull();
  });

  it('draws the QR code on a canvas with the lazily loaded library, and hides it again', async () => {
    await setUp();
    const toggle = buttonLabelled(card('24h'), 'Show QR code');
    toggle.click();
    fixture.detectChanges();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const canvas = query(card('24h'), 'canvas', HTMLCanvasElement);
    expect(canvas.getAttribute('aria-label')).toBe('QR code for the 24-hour questionnaire link');
    expect(canvas.dataset['drawn']).toBe(LINK_24);
    expect(canvas.hidden).toBe(false);
    expect(card('24h').querySelector('[data-testid="qr-code-error"]')).toBeNull();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    buttonLabelled(card('24h'), 'Hide QR code').click();
    await fixture.whenStable();
    expect(card('24h').querySelector('canvas')).toBeNull();
  });

  it('says visibly when the QR code cannot be drawn', async () => {
    const qrcode = (await import('qrcode')) as unknown as {
      default: { toCanvas: jest.Mock };
    };
    qrcode.default.toCanvas.mockImplementationOnce(() => Promise.reject(new Error('too long')));
    await setUp();
    buttonLabelled(card('24h'), 'Show QR code').click();
    fixture.detectChanges();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(textOf(card('24h'), '[data-testid="qr-code-error"]')).toContain(
      'The QR code could not be drawn',
    );
    expect(query(card('24h'), 'canvas', HTMLCanvasElement).hidden).toBe(true);
  });

  it('offers email and SMS only when the patient has them on record', async () => {
    await setUp([
      aFollowUp({ channels: [] }),
      aFollowUp({ id: 'f72', kind: '72h', channels: ['email'] }),
    ]);
    const labels = (kind: string) =>
      Array.from(card(kind).querySelectorAll('button'), (b) => normalize(b.textContent));
    expect(labels('24h')).toEqual(['Copy link', 'Show QR code']);
    expect(textOf(card('24h'), '[data-testid="follow-up-no-contact"]')).toContain(
      'No email address or mobile number on record',
    );
    expect(labels('72h')).toEqual(['Copy link', 'Show QR code', 'Send by email']);
    expect(card('72h').querySelector('[data-testid="follow-up-no-contact"]')).toBeNull();
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
