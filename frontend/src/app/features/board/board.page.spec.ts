import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { BoardDto, ClinicDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { normalize, textOf } from '../../../testing/dom';
import { EVENT_SOURCE_FACTORY } from '../../api/board.api';
import {
  BOARD_AT,
  CLINIC_ID,
  FakeEventSource,
  aBoard,
  aBoardEvent,
  aBoardItem,
  aFlag,
  aFlagListItem,
  fakeEventSourceFactory,
} from './board.fixtures';
import { BOARD_TICK_MS, BoardPage } from './board.page';

describe('BoardPage', () => {
  let fixture: ComponentFixture<BoardPage>;
  let http: HttpTestingController;
  const clinic = signal<ClinicDto | null>(null);

  beforeEach(() => {
    clinic.set({ id: CLINIC_ID, name: 'Riverside Clinic', timezone: 'Europe/London' });
    jest.useFakeTimers({ now: new Date(BOARD_AT) });
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      imports: [BoardPage],
      providers: [
        ...provideTestApp({
          routes: [],
          clinicContext: {
            clinicId: signal(CLINIC_ID),
            clinic: clinic.asReadonly(),
            timeZoneOf: () => 'Europe/London',
          },
        }),
        { provide: EVENT_SOURCE_FACTORY, useValue: fakeEventSourceFactory },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BoardPage);
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const cards = (): HTMLElement[] =>
    Array.from(page().querySelectorAll<HTMLElement>('[data-testid="board-card"]'));
  const text = (root: ParentNode, testId: string): string | null =>
    textOf(root, `[data-testid="${testId}"]`);
  const boardRequests = (): TestRequest[] =>
    http.match((request) => request.url === '/api/v1/board');

  function answerBoard(board: BoardDto): void {
    const requests = boardRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0].request.params.get('clinicId')).toBe(CLINIC_ID);
    requests[0].flush(board);
    fixture.detectChanges();
  }

  /** Answers the ticket request; the page then opens the stream with it. */
  function answerTicket(ticket = 'ticket-1'): FakeEventSource {
    http
      .expectOne({ method: 'POST', url: '/api/v1/board/tickets' })
      .flush({ ticket, expiresAt: '2026-11-26T14:01:00.000Z' });
    return FakeEventSource.latest();
  }

  /** First board, then the stream connects (which fetches the board again, missing nothing). */
  function start(board: BoardDto): FakeEventSource {
    answerBoard(board);
    const source = answerTicket();
    source.connect();
    fixture.detectChanges();
    answerBoard(board);
    return source;
  }

  it('lists patients at home with an open critical flag above the cards, and announces a new one', () => {
    const source = start(aBoard([aBoardItem({ patientName: 'Ada Okonkwo' })]));
    expect(page().querySelector('[data-testid="board-attention"]')).toBeNull();

    const item9 = aFlagListItem({
      rule: 'phq9.item9_positive',
      severity: 'critical',
      patientName: 'Cleo Marsh',
      mrn: 'RC-00077',
      message: 'PHQ-9 item 9 answered 1 (several days)',
      createdAt: '2026-11-26T13:55:00.000Z',
    });
    source.emit(aBoardEvent({ type: 'flag', sessionId: null }));
    fixture.detectChanges();
    answerBoard(aBoard([aBoardItem({ patientName: 'Ada Okonkwo' })], BOARD_AT, [item9]));

    const attention = page().querySelector<HTMLElement>('[data-testid="board-attention"]');
    expect(attention).not.toBeNull();
    expect(normalize(attention?.querySelector('h2')?.textContent ?? '')).toBe(
      'Patients at home who need a call (1)',
    );
    expect(text(page(), 'attention-phq9.item9_positive')).toBe(
      'Critical Cleo Marsh RC-00077 PHQ-9 item 9 positive: same-day clinician review · raised 26 Nov 2026, 13:55 Screen with C-SSRS, Cleo Marsh',
    );
    // The item-9 flag leads straight to the C-SSRS screener, naming the flag (ids only).
    expect(
      page().querySelector('[data-testid="attention-screen-cssrs"]')?.getAttribute('href'),
    ).toBe(`/patients/${item9.patientId}/cssrs/new?flagId=${item9.id}`);
    expect(text(page(), 'attention-inbox')).toBe('Open the flags inbox');
    expect(text(page(), 'board-announcement')).toContain('New critical flag for Cleo Marsh');
  });

  it('lists the newest three patients at home, and says how many more the inbox has', () => {
    const flags = Array.from({ length: 5 }, (_, i) =>
      aFlagListItem({
        severity: 'critical',
        patientName: `Patient ${String(i + 1)}`,
        createdAt: `2026-11-26T1${String(i)}:00:00.000Z`,
      }),
    );
    start(aBoard([aBoardItem()], BOARD_AT, flags));
    expect(page().querySelectorAll('.attention__item')).toHaveLength(3);
    expect(normalize(page().querySelector('#attention-title')?.textContent ?? '')).toBe(
      'Patients at home who need a call (5)',
    );
    expect(text(page(), 'attention-inbox')).toBe('Open the flags inbox (2 more)');
  });

  it('shows each session’s follow-up questionnaires on its card', () => {
    start(
      aBoard([
        aBoardItem({
          followUps: (['24h', '72h'] as const).map((kind) => ({
            id: kind,
            sessionId: 's',
            kind,
            dueAt: BOARD_AT,
            opensAt: BOARD_AT,
            expiresAt: BOARD_AT,
            status: 'scheduled',
            link: 'http://localhost/r/x',
            completedAt: null,
            phq9Id: null,
            channels: [],
          })),
        }),
      ]),
    );
    expect(text(cards()[0], 'card-follow-ups')).toBe(
      'Follow-up questionnaires: 24 h scheduled · 72 h scheduled',
    );
  });

  it('shows every patient on site: name, medication, time since dose, next observation, readings, flags, readiness', () => {
    expect(text(page(), 'board-loading')).toBe('Loading the board…');
    const warning = aFlag({
      severity: 'warning',
      rule: 'sedation.moderate',
      message: 'MOAA/S 3 at 30 min',
    });
    const critical = aFlag({
      severity: 'critical',
      rule: 'bp.severe',
      message: 'BP 186/104 at 40 min: systolic >= 180',
    });
    start(
      aBoard([
        aBoardItem({
          patientName: 'Ada Okonkwo',
          mrn: 'RC-00042',
          openFlags: [warning, critical],
        }),
      ]),
    );

    const [card] = cards();
    expect(text(card, 'medication')).toContain('Esketamine 84 mg intranasal');
    expect(normalize(card.querySelector('h2')?.textContent ?? '')).toBe('Ada Okonkwo');
    expect(text(card, 'since-dose')).toBe('40 min since dose');
    // An open critical flag: its state, never "next observation in 20 min" (issue 20).
    expect(text(card, 'critical-state')).toBe(
      '‼ Critical: Severe blood pressure · open, not yet acknowledged BP 186/104 at 40 min: systolic >= 180',
    );
    expect(text(card, 'next-due')).toBe(
      'Next full check (60-min) at 14:20; recheck sooner as the critical flag needs',
    );
    expect(
      Array.from(card.querySelectorAll('.reading'), (reading) => normalize(reading.textContent)),
    ).toEqual([
      'BP 138/86 mmHg at 40 min',
      'HR 78 bpm at 40 min',
      'SpO₂ 97 % at 40 min',
      'RR 14 /min at 40 min',
      'MOAA/S 4 of 5 at 40 min',
      'CADSS-6 6 of 24 at 40 min',
    ]);
    expect(text(card, 'last-full-set')).toBe('Last full check (BP, HR, SpO₂, MOAA/S) at 40 min');
    const badges = Array.from(card.querySelectorAll<HTMLElement>('[data-testid="flag-badge"]'));
    expect(badges.map((badge) => badge.dataset['severity'])).toEqual(['critical', 'warning']);
    expect(normalize(badges[0].textContent)).toBe('Critical Severe blood pressure');
    // The rule's message is the badge's description, shown on focus and hover.
    const tip = page().querySelector(`#${badges[0].getAttribute('aria-describedby') ?? ''}`);
    expect(normalize(tip?.textContent ?? '')).toBe('BP 186/104 at 40 min: systolic >= 180');
    expect(badges[0].tabIndex).toBe(0);
    expect(card.classList).toContain('card--alert'); // a critical flag: the card stands out
    expect(textOf(card, '.readiness__title')).toBe('✗ Not ready');
    expect(textOf(card, '.readiness__reasons')).toBe(
      'minimum monitoring of 120 min not reached (40 min so far)',
    );
    expect(text(page(), 'board-count')).toBe('1 patient on site');
  });

  it('says on the badge when the evidence behind a flag was entered in error, and who must review it (issue 19)', () => {
    const withdrawn = aFlag({
      severity: 'critical',
      rule: 'misuse.reported_use',
      category: 'misuse',
      message: 'Positive urine drug screen for ketamine on 2 Mar 2026, 09:00',
      evidenceWithdrawn: true,
      history: [
        { status: 'open', at: '2026-03-02T09:00:00.000Z', by: null, byName: null, note: null },
        {
          status: 'evidence_withdrawn',
          at: '2026-03-02T10:00:00.000Z',
          by: 'u-nurse',
          byName: 'Sam Nurse',
          note: 'Evidence withdrawn: the risk event that raised it was entered in error (Wrong patient)',
        },
      ],
    });
    start(aBoard([aBoardItem({ openFlags: [withdrawn, aFlag({ rule: 'bp.severe' })] })]));

    const badges = Array.from(page().querySelectorAll<HTMLElement>('[data-testid="flag-badge"]'));
    expect(normalize(badges[0].textContent)).toBe(
      'Critical Ketamine use outside the clinic (evidence entered in error)',
    );
    const tip = page().querySelector(`#${badges[0].getAttribute('aria-describedby') ?? ''}`);
    expect(normalize(tip?.textContent ?? '')).toContain(
      'Evidence entered in error by Sam Nurse — a psychiatrist must review and resolve',
    );
    expect(badges[1].querySelector('[data-testid="flag-badge-withdrawn"]')).toBeNull();
  });

  it('offers "Screen with C-SSRS" on a card with an open item-9 flag, and only there', () => {
    const item9 = aFlag({
      severity: 'critical',
      rule: 'phq9.item9_positive',
      category: 'suicidality',
      patientId: 'p-item9',
      message: 'PHQ-9 item 9 answered 1 ("Several days")',
    });
    start(
      aBoard([
        aBoardItem({ patientName: 'Item Nine', patientId: 'p-item9', openFlags: [item9] }),
        aBoardItem({ patientName: 'Blood Pressure', openFlags: [aFlag({ rule: 'bp.severe' })] }),
      ]),
    );

    const [withItem9, withBp] = cards();
    const link = withItem9.querySelector<HTMLAnchorElement>('[data-testid="card-screen-cssrs"]');
    expect(normalize(link?.textContent ?? '')).toBe('Screen with C-SSRS, Item Nine');
    expect(link?.getAttribute('href')).toBe(`/patients/p-item9/cssrs/new?flagId=${item9.id}`);
    expect(withBp.querySelector('[data-testid="card-screen-cssrs"]')).toBeNull();
  });

  it('marks an overdue observation in red and in words', () => {
    start(
      aBoard([
        aBoardItem({
          patientName: 'On time',
          startedAt: '2026-11-26T13:00:00.000Z',
        }),
        aBoardItem({
          patientName: 'Late',
          startedAt: '2026-11-26T13:10:00.000Z',
          nextObservationDueAt: '2026-11-26T13:48:00.000Z',
          nextObservationSlotMinutes: 40,
          overdue: true,
        }),
      ]),
    );
    const [onTime, late] = cards();
    expect(onTime.classList).not.toContain('card--alert');
    expect(late.classList).toContain('card--alert');
    expect(late.querySelector('[data-testid="next-due"]')?.classList).toContain('due--overdue');
    expect(text(late, 'next-due')).toBe('OVERDUE 12 min late 40-min check · was due 13:48');
  });

  it('shows times as the clinic reads them, whatever the tablet’s zone', () => {
    clinic.set({ id: CLINIC_ID, name: 'Riverside Clinic', timezone: 'America/New_York' });
    start(aBoard([aBoardItem()]));
    expect(text(cards()[0], 'medication')).toBe('Esketamine 84 mg intranasal · dose at 08:20');
    expect(text(cards()[0], 'next-due')).toContain('at 09:20');
  });

  it('says when an observation falls due, before the clinic rule calls it overdue', () => {
    start(aBoard([aBoardItem({ nextObservationDueAt: '2026-11-26T13:57:00.000Z' })]));
    expect(text(cards()[0], 'next-due')).toBe(
      'Observation due now 3 min late 60-min check · was due 13:57',
    );
  });

  it('moves time since dose and the countdown on every 30 s without asking the server', () => {
    start(aBoard([aBoardItem()]));
    expect(text(cards()[0], 'next-due')).toContain('in 20 min');

    jest.advanceTimersByTime(BOARD_TICK_MS);
    fixture.detectChanges();
    expect(text(cards()[0], 'next-due')).toContain('in 20 min'); // 19.5 min, rounded up

    jest.advanceTimersByTime(BOARD_TICK_MS);
    fixture.detectChanges();
    expect(text(cards()[0], 'since-dose')).toBe('41 min since dose');
    expect(text(cards()[0], 'next-due')).toContain('in 19 min');
    expect(boardRequests()).toHaveLength(0);
    http.verify();
  });

  it('fetches the board again on every stream event: a new flag appears without reloading the page', () => {
    const item = aBoardItem({ patientName: 'Ada Okonkwo' });
    const source = start(aBoard([item]));
    expect(page().querySelectorAll('[data-testid="flag-badge"]')).toHaveLength(0);

    source.emit(
      aBoardEvent({ type: 'flag', sessionId: item.sessionId, patientId: item.patientId }),
    );
    const severe = aFlag({ rule: 'bp.severe', severity: 'critical' });
    answerBoard(aBoard([{ ...item, openFlags: [severe] }]));

    const badge = page().querySelector<HTMLElement>('[data-testid="flag-badge"]');
    expect(badge?.dataset['rule']).toBe('bp.severe');
    expect(text(page(), 'board-announcement')).toBe(
      'New critical flag for Ada Okonkwo: Severe blood pressure.',
    );
    expect(source.url).toBe(`/api/v1/board/stream?clinicId=${CLINIC_ID}&ticket=ticket-1`);
  });

  it('shows a visible, dismissible alert for a new critical flag and moves its card to the top', () => {
    const first = aBoardItem({ patientName: 'Ben Early', startedAt: '2026-11-26T13:00:00.000Z' });
    const item = aBoardItem({ patientName: 'Ada Okonkwo', startedAt: '2026-11-26T13:20:00.000Z' });
    const source = start(aBoard([first, item]));
    expect(page().querySelectorAll('[data-testid="critical-alert"]')).toHaveLength(0);
    expect(cards().map((card) => normalize(card.querySelector('h2')?.textContent ?? ''))).toEqual([
      'Ben Early',
      'Ada Okonkwo',
    ]);

    source.emit(
      aBoardEvent({ type: 'flag', sessionId: item.sessionId, patientId: item.patientId }),
    );
    const severe = aFlag({
      rule: 'bp.severe',
      severity: 'critical',
      message: 'BP 188/112 at 13 min: systolic >= 180',
    });
    answerBoard(aBoard([first, { ...item, openFlags: [severe] }]));

    const alerts = page().querySelectorAll<HTMLElement>('[data-testid="critical-alert"]');
    expect(alerts).toHaveLength(1);
    expect(normalize(alerts[0]?.textContent)).toBe(
      '‼ New critical flag: Ada Okonkwo — Severe blood pressure BP 188/112 at 13 min: systolic >= 180 Dismiss alert for Ada Okonkwo',
    );
    expect(cards().map((card) => normalize(card.querySelector('h2')?.textContent ?? ''))).toEqual([
      'Ada Okonkwo',
      'Ben Early',
    ]);

    // Still there after the next update; gone once dismissed, and not back on the next update.
    source.emit(aBoardEvent());
    answerBoard(aBoard([first, { ...item, openFlags: [severe] }]));
    expect(page().querySelectorAll('[data-testid="critical-alert"]')).toHaveLength(1);
    page().querySelector<HTMLButtonElement>('[data-testid="critical-alert-dismiss"]')?.click();
    fixture.detectChanges();
    expect(page().querySelectorAll('[data-testid="critical-alert"]')).toHaveLength(0);
    source.emit(aBoardEvent());
    answerBoard(aBoard([first, { ...item, openFlags: [severe] }]));
    expect(page().querySelectorAll('[data-testid="critical-alert"]')).toHaveLength(0);
  });

  it('keeps the alert sound off by default and stores only a boolean when turned on', () => {
    localStorage.clear();
    start(aBoard([aBoardItem()]));
    const toggle = page().querySelector<HTMLInputElement>('[data-testid="alert-sound-toggle"]');
    expect(toggle?.checked).toBe(false);
    expect(localStorage.length).toBe(0);
    toggle?.click();
    fixture.detectChanges();
    expect(Object.entries(localStorage)).toEqual([['clinic.board.alertSound', 'on']]);
    toggle?.click();
    expect(localStorage.length).toBe(0);
  });

  it('shows the connection state, and reconnects with a fresh ticket after a drop', () => {
    answerBoard(aBoard([aBoardItem()]));
    expect(text(page(), 'live-indicator')).toBe('Connecting…');
    const first = answerTicket('ticket-1');
    first.connect();
    fixture.detectChanges();
    answerBoard(aBoard([aBoardItem()]));
    expect(text(page(), 'live-indicator')).toBe('Live updates appear by themselves');

    first.fail();
    fixture.detectChanges();
    expect(first.closed).toBe(true);
    expect(text(page(), 'live-indicator')).toBe('Offline, reconnecting in 1 s');
    http.expectNone('/api/v1/board/tickets');

    jest.advanceTimersByTime(1_000);
    const second = answerTicket('ticket-2');
    expect(second.url).toContain('ticket=ticket-2');
    second.connect();
    fixture.detectChanges();
    answerBoard(aBoard([aBoardItem()])); // events missed while offline
    expect(text(page(), 'live-indicator')).toBe('Live updates appear by themselves');
    expect(FakeEventSource.open()).toEqual([second]);
  });

  it('waits longer after each failed attempt (1 s, 2 s, 4 s)', () => {
    answerBoard(aBoard([]));
    answerTicket().fail();
    jest.advanceTimersByTime(1_000);
    answerTicket().fail();
    fixture.detectChanges();
    expect(text(page(), 'live-indicator')).toBe('Offline, reconnecting in 2 s');
    jest.advanceTimersByTime(1_999);
    http.expectNone('/api/v1/board/tickets');
    jest.advanceTimersByTime(1);
    answerTicket().fail();
    fixture.detectChanges();
    expect(text(page(), 'live-indicator')).toBe('Offline, reconnecting in 4 s');
  });

  it('says Ready when the server says so', () => {
    const item = aBoardItem();
    start(aBoard([{ ...item, readiness: { ...item.readiness, ready: true, reasons: [] } }]));
    expect(text(cards()[0], 'readiness')).toBe('✓ Ready for discharge');
  });

  it('says so when nobody is on site', () => {
    start(aBoard([]));
    expect(text(page(), 'board-empty')).toContain('No patients on site');
    expect(cards()).toHaveLength(0);
  });

  it('shows an error with Retry when the board cannot be loaded', () => {
    boardRequests()[0].flush(null, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    expect(text(page(), 'board-error')).toContain('The board could not be loaded');

    page().querySelector<HTMLButtonElement>('[data-testid="board-error"] button')?.click();
    fixture.detectChanges();
    expect(text(page(), 'board-loading')).toBe('Loading the board…');
    answerBoard(aBoard([aBoardItem()]));
    expect(cards()).toHaveLength(1);
  });

  it('keeps the last board when a refresh fails, and says so', () => {
    const source = start(aBoard([aBoardItem()]));
    source.emit(aBoardEvent());
    boardRequests()[0].flush(null, { status: 503, statusText: 'Unavailable' });
    fixture.detectChanges();
    expect(cards()).toHaveLength(1);
    expect(text(page(), 'board-stale')).toContain('could not be refreshed');
  });

  it('fetches the board when a patient’s minimum monitoring time ends (readiness may change)', () => {
    const item = aBoardItem();
    start(
      aBoard([
        {
          ...item,
          readiness: { ...item.readiness, monitoringEndsAt: '2026-11-26T14:00:45.000Z' },
        },
      ]),
    );
    jest.advanceTimersByTime(BOARD_TICK_MS);
    expect(boardRequests()).toHaveLength(0);
    jest.advanceTimersByTime(BOARD_TICK_MS);
    expect(boardRequests()).toHaveLength(1);
  });

  it('closes the stream when the page is left', () => {
    const source = start(aBoard([]));
    fixture.destroy();
    expect(source.closed).toBe(true);
  });
});
