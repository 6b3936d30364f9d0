import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CssrsDto, FlagListItemDto, FlagStatus, Role, UserDto } from '@clinic/shared';
import { NEVER, Subject, of } from 'rxjs';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { RIVERSIDE, aPatient, aUser } from '../../../testing/fixtures';
import { aCssrs } from '../../../testing/patient-fixtures';
import { BoardApi, type BoardStreamMessage } from '../../api/board.api';
import { FlagsInboxPage } from './flags-inbox.page';

/** Types into a text area the way a user does (sets the value, fires `input`). */
function typeText(field: HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

const ADA = aPatient({
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  givenName: 'Ada',
  familyName: 'Okonkwo',
  mrn: 'RC-00002',
});
const ERIK = aPatient({
  id: 'aaaaaaaa-0000-4000-8000-000000000002',
  givenName: 'Erik',
  familyName: 'Lindqvist',
  mrn: 'RC-00007',
});

let flagNumber = 0;
function aFlag(overrides: Partial<FlagListItemDto>): FlagListItemDto {
  flagNumber += 1;
  const patient = overrides.patientId === ERIK.id ? ERIK : ADA;
  return {
    patientName: `${patient.givenName} ${patient.familyName}`,
    mrn: patient.mrn,
    sessionNumber: null,
    followUps: [],
    id: `ffffffff-0000-4000-8000-${String(flagNumber).padStart(12, '0')}`,
    clinicId: RIVERSIDE.id,
    patientId: ADA.id,
    sessionId: null,
    rule: 'bp.severe',
    category: 'hemodynamic',
    severity: 'critical',
    status: 'open',
    message: 'BP 186/104 at 40 min: systolic >= 180',
    evidence: { id: 'obs-1', minutesSinceDose: 40, systolic: 186, diastolic: 104 },
    threshold: { severeSystolic: 180, severeDiastolic: 110 },
    createdAt: '2026-03-02T14:45:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByName: null,
    note: null,
    acknowledgeNote: null,
    resolveNote: null,
    ruleNote: null,
    newEvidenceSince: null,
    newEvidenceCount: 0,
    evidenceWithdrawn: false,
    history: [],
    version: 1,
    ...overrides,
  };
}

const SEVERE_BP = aFlag({ createdAt: '2026-03-02T14:45:00.000Z' });
const MISUSE = aFlag({
  rule: 'misuse.session_frequency',
  category: 'misuse',
  severity: 'warning',
  message: '3 sessions within 6 d: 3 or more within any rolling 7 days',
  evidence: { sessions: [{ id: 's1', sessionNumber: 4, startedAt: '2026-03-01T10:00:00.000Z' }] },
  threshold: { sessionsPer7Days: 3, rollingDays: 7 },
  ruleNote: 'A clinically reasonable proxy, not a published checklist (CLINICAL.md s4).',
  createdAt: '2026-03-04T10:00:00.000Z',
});
const FOLLOW_UP = aFlag({
  patientId: ERIK.id,
  rule: 'followup.missed',
  category: 'follow-up',
  severity: 'warning',
  status: 'acknowledged',
  acknowledgedAt: '2026-03-03T09:00:00.000Z',
  acknowledgeNote: 'Called, left a message',
  message: 'No PHQ-9 in the 24-h window after session 2',
  createdAt: '2026-03-03T08:00:00.000Z',
});
const NONRESPONSE = aFlag({
  patientId: ERIK.id,
  rule: 'nonresponse.after_induction',
  category: 'response',
  severity: 'info',
  message: '6 sessions given and no PHQ-9 has reached response',
  createdAt: '2026-03-05T08:00:00.000Z',
});

const ITEM9 = aFlag({
  rule: 'phq9.item9_positive',
  category: 'suicidality',
  severity: 'critical',
  message: 'PHQ-9 item 9 answered 1 ("Several days") on 2026-03-05 09:00 GMT',
  evidence: { phq9: [{ id: 'phq9-1', administeredAt: '2026-03-05T09:00:00.000Z', item9: 1 }] },
  threshold: { item9AtLeast: 1 },
  createdAt: '2026-03-05T09:01:00.000Z',
});
const NO_SCREENER_MESSAGE =
  'A PHQ-9 item-9 flag needs a C-SSRS screener given at or after the PHQ-9 before it is ' +
  "resolved, or a psychiatrist's reason why none was done (noScreenerReason)";

describe('FlagsInboxPage', () => {
  let fixture: ComponentFixture<FlagsInboxPage>;
  let httpTesting: HttpTestingController;
  /** The clinic's live board stream (null: the stream never connects). */
  let stream: Subject<BoardStreamMessage> | null;

  beforeEach(() => {
    stream = null;
  });

  function setUp(role: Role = 'psychiatrist', user: UserDto = aUser({ role })): void {
    const userSignal = signal(user);
    TestBed.configureTestingModule({
      imports: [FlagsInboxPage],
      providers: [
        ...provideTestApp({
          routes: [],
          auth: { user: userSignal, role: computed(() => userSignal().role) },
        }),
        {
          provide: BoardApi,
          useValue: {
            ticket: () =>
              stream ? of({ ticket: 't', expiresAt: '2026-03-05T09:00:00.000Z' }) : NEVER,
            stream: () => stream ?? NEVER,
          },
        },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FlagsInboxPage);
    fixture.detectChanges();
    httpTesting.expectOne('/api/v1/clinics').flush({ items: [RIVERSIDE], total: 1 });
    fixture.detectChanges();
  }

  afterEach(() => {
    httpTesting.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;

  function flagRequests(): TestRequest[] {
    return httpTesting.match((request) => request.url === '/api/v1/flags');
  }

  function answerFlags(
    byStatus: Partial<Record<FlagStatus, FlagListItemDto[]>>,
    requests: TestRequest[] = flagRequests(),
  ): TestRequest[] {
    for (const request of requests) {
      const status = request.request.params.get('status') as FlagStatus;
      const items = byStatus[status] ?? [];
      request.flush({ items, total: items.length });
    }
    fixture.detectChanges();
    return requests;
  }

  function loadDefault(role: Role = 'psychiatrist'): void {
    setUp(role);
    answerFlags({ open: [SEVERE_BP, MISUSE, NONRESPONSE], acknowledged: [FOLLOW_UP] });
  }

  const cards = (): HTMLElement[] =>
    Array.from(page().querySelectorAll<HTMLElement>('[data-testid="flags-list"] > li'));
  const card = (rule: string): HTMLElement =>
    query(page(), `[data-testid="flag-${rule}"]`, HTMLElement);

  it('asks for the open and the acknowledged flags of the clinic (names come with them)', () => {
    setUp();
    const requests = flagRequests();
    expect(
      requests.map((request) => [
        request.request.params.get('clinicId'),
        request.request.params.get('status'),
        request.request.params.get('limit'),
      ]),
    ).toEqual([
      [RIVERSIDE.id, 'open', '200'],
      [RIVERSIDE.id, 'acknowledged', '200'],
    ]);
    answerFlags({ open: [SEVERE_BP, MISUSE, NONRESPONSE], acknowledged: [FOLLOW_UP] }, requests);
    httpTesting.expectNone((request) => request.url === '/api/v1/patients');
    expect(cards()).toHaveLength(4);
  });

  it('sorts by severity, then newest first, and shows what a clinician needs', () => {
    loadDefault();

    expect(cards().map((element) => element.getAttribute('data-testid'))).toEqual([
      'flag-bp.severe',
      'flag-misuse.session_frequency', // warning, 4 Mar
      'flag-followup.missed', // warning, 3 Mar
      'flag-nonresponse.after_induction',
    ]);
    expect(textOf(page(), '[data-testid="flags-summary"]')).toBe(
      '4 flags: 1 critical, 2 warning, 1 information · most severe first, then open or with new evidence, then newest',
    );

    const bp = card('bp.severe');
    expect(textOf(bp, 'h2')).toBe('Severe blood pressure');
    expect(textOf(bp, '.badge')).toBe('Critical');
    expect(textOf(bp, '[data-testid="flag-patient"]')).toBe('Ada Okonkwo');
    expect(textOf(bp, '.flag__mrn')).toBe('MRN RC-00002');
    expect(textOf(bp, '[data-testid="flag-message"]')).toBe(
      'BP 186/104 at 40 min: systolic >= 180',
    );
    expect(textOf(bp, '[data-testid="flag-evidence"]')).toBe(
      'Min after dose start: 40 Systolic: 186 Diastolic: 104',
    );
    expect(textOf(bp, '[data-testid="flag-threshold"]')).toBe(
      'Severe systolic: 180 Severe diastolic: 110',
    );
    expect(textOf(bp, 'time')).toBe('2 Mar 2026, 14:45');
    expect(textOf(bp, '[data-testid="flag-status"]')).toBe('Open');
    expect(bp.querySelector('[data-testid="flag-proxy-note"]')).toBeNull();

    expect(textOf(card('misuse.session_frequency'), '[data-testid="flag-proxy-note"]')).toBe(
      'Proxy rule A clinically reasonable proxy, not a published checklist.',
    );
    const followUp = card('followup.missed');
    expect(textOf(followUp, '[data-testid="flag-patient"]')).toBe('Erik Lindqvist');
    expect(textOf(followUp, '[data-testid="flag-status"]')).toBe('Acknowledged');
    expect(textOf(followUp, '.flag__details')).toContain('Called, left a message');
  });

  it('says what arrived after an acknowledgement, puts it with the open flags and offers acknowledging it again', () => {
    setUp();
    const newEvidence = {
      ...FOLLOW_UP,
      id: 'f-new',
      createdAt: '2026-03-01T09:00:00.000Z',
      newEvidenceSince: '2026-03-05T08:30:00.000Z',
      newEvidenceCount: 2,
      history: [
        {
          status: 'open' as const,
          at: '2026-03-01T09:00:00.000Z',
          by: null,
          byName: null,
          note: null,
        },
        {
          status: 'acknowledged' as const,
          at: '2026-03-02T09:00:00.000Z',
          by: 'u1',
          byName: 'Dr Mara Quinn',
          note: 'Called, left a message',
        },
      ],
    };
    const reopened = {
      ...SEVERE_BP,
      id: 'f-reopened',
      rule: 'phq9.item9_positive',
      category: 'suicidality' as const,
      newEvidenceSince: '2026-03-05T08:00:00.000Z',
      newEvidenceCount: 1,
      history: [
        {
          status: 'open' as const,
          at: '2026-03-02T14:45:00.000Z',
          by: null,
          byName: null,
          note: null,
        },
        {
          status: 'acknowledged' as const,
          at: '2026-03-02T15:00:00.000Z',
          by: 'u1',
          byName: 'Dr Mara Quinn',
          note: 'Called the patient',
        },
        {
          status: 'reopened' as const,
          at: '2026-03-05T08:00:00.000Z',
          by: 'u2',
          byName: 'Sam Nurse',
          note: 'New evidence after the acknowledgement: PHQ-9 item 9 answered 3',
        },
      ],
    };
    answerFlags({ open: [reopened, MISUSE], acknowledged: [FOLLOW_UP, newEvidence] });

    // the acknowledged flag with new evidence comes before the plain acknowledged one, though older
    expect(cards().map((element) => element.getAttribute('data-flag-id'))).toEqual([
      'f-reopened',
      MISUSE.id,
      'f-new',
      FOLLOW_UP.id,
    ]);
    const reopenedCard = cards()[0];
    expect(textOf(reopenedCard, '[data-testid="flag-new-evidence"]')).toBe(
      'Reopened: new evidence after the acknowledgement (1 new trigger since 5 Mar 2026, 08:00)',
    );
    expect(textOf(reopenedCard, '[data-testid="flag-history"]')).toContain(
      'Acknowledged 2 Mar 2026, 15:00 by Dr Mara Quinn — “Called the patient”',
    );
    expect(textOf(reopenedCard, '[data-testid="flag-history"]')).toContain(
      'Reopened 5 Mar 2026, 08:00 by Sam Nurse',
    );
    const newCard = cards()[2];
    expect(textOf(newCard, '[data-testid="flag-new-evidence"]')).toBe(
      'New since acknowledged: 2 new triggers since 5 Mar 2026, 08:30',
    );
    expect(
      Array.from(newCard.querySelectorAll('[data-testid="flag-actions"] button')).map((b) =>
        normalize(b.textContent),
      ),
    ).toEqual(['Acknowledge new evidence', 'Resolve']);
    expect(cards()[3].querySelector('[data-testid="flag-new-evidence"]')).toBeNull();
  });

  it('shows a flag whose evidence a nurse entered in error as such, with the open flags, for a psychiatrist to resolve (issue 19)', () => {
    setUp('nurse');
    const withdrawn = {
      ...MISUSE,
      id: 'f-withdrawn',
      status: 'acknowledged' as const,
      createdAt: '2026-02-20T10:00:00.000Z',
      evidenceWithdrawn: true,
      history: [
        {
          status: 'open' as const,
          at: '2026-02-20T10:00:00.000Z',
          by: null,
          byName: null,
          note: null,
        },
        {
          status: 'acknowledged' as const,
          at: '2026-02-21T10:00:00.000Z',
          by: 'u1',
          byName: 'Dr Mara Quinn',
          note: null,
        },
        {
          status: 'evidence_withdrawn' as const,
          at: '2026-03-05T08:00:00.000Z',
          by: 'u2',
          byName: 'Sam Nurse',
          note: 'Evidence withdrawn: the session that raised it was entered in error (Not given)',
        },
      ],
    };
    answerFlags({ open: [MISUSE], acknowledged: [FOLLOW_UP, withdrawn] });

    // acknowledged, and older than the follow-up flag, yet it comes before it: it waits for review
    expect(cards().map((element) => element.getAttribute('data-flag-id'))).toEqual([
      MISUSE.id,
      'f-withdrawn',
      FOLLOW_UP.id,
    ]);
    const card = cards()[1];
    expect(textOf(card, '[data-testid="flag-evidence-withdrawn"]')).toBe(
      'Evidence entered in error by Sam Nurse — a psychiatrist must review and resolve',
    );
    expect(textOf(card, '[data-testid="flag-history"]')).toContain(
      'Evidence entered in error 5 Mar 2026, 08:00 by Sam Nurse',
    );
    // a nurse still has no action on it
    expect(card.querySelectorAll('[data-testid="flag-actions"] button')).toHaveLength(0);
    expect(cards()[0].querySelector('[data-testid="flag-evidence-withdrawn"]')).toBeNull();
  });

  it('lets a psychiatrist acknowledge open flags and resolve open or acknowledged ones', () => {
    loadDefault();
    expect(
      Array.from(card('bp.severe').querySelectorAll('button')).map((b) => normalize(b.textContent)),
    ).toEqual(['Acknowledge', 'Resolve']);
    expect(
      Array.from(card('followup.missed').querySelectorAll('button')).map((b) =>
        normalize(b.textContent),
      ),
    ).toEqual(['Resolve']);
    expect(
      card('misuse.session_frequency').querySelector('[data-testid="flag-actions"]'),
    ).not.toBeNull();
  });

  it('requires a note to resolve, posts it, and shows the flag resolved', () => {
    loadDefault();
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Resolve').click();
    fixture.detectChanges();

    const note = query(bp, 'textarea', HTMLTextAreaElement);
    expect(document.activeElement).toBe(note);
    expect(textOf(bp, `label[for="${note.id}"]`)).toBe('What was done (required)');

    buttonLabelled(bp, 'Resolve flag').click();
    fixture.detectChanges();
    httpTesting.expectNone(`/api/v1/flags/${SEVERE_BP.id}/resolve`);
    expect(textOf(bp, '.field__error')).toBe(
      'Write what was done about it: a note is required to resolve a flag (at least 3 characters)',
    );
    expect(note.getAttribute('aria-invalid')).toBe('true');

    typeText(note, '  Repeat BP 150/92 after 15 min; GP informed ');
    fixture.detectChanges();
    buttonLabelled(bp, 'Resolve flag').click();
    fixture.detectChanges();

    const request = httpTesting.expectOne(`/api/v1/flags/${SEVERE_BP.id}/resolve`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ note: 'Repeat BP 150/92 after 15 min; GP informed' });
    request.flush({
      ...SEVERE_BP,
      status: 'resolved',
      resolvedAt: '2026-03-02T15:10:00.000Z',
      note: 'Repeat BP 150/92 after 15 min; GP informed',
      resolveNote: 'Repeat BP 150/92 after 15 min; GP informed',
    });
    fixture.detectChanges();

    const resolved = card('bp.severe');
    expect(textOf(resolved, '[data-testid="flag-status"]')).toBe('Resolved');
    expect(textOf(resolved, '[data-testid="flag-resolution"]')).toContain(
      'Repeat BP 150/92 after 15 min; GP informed',
    );
    expect(resolved.querySelector('textarea')).toBeNull();
    expect(resolved.querySelector('[data-testid="flag-actions"]')).toBeNull();
    expect(document.activeElement?.id).toBe(`flag-${SEVERE_BP.id}-status`);
    expect(textOf(page(), '[data-testid="flags-announcement"]')).toBe(
      'Severe blood pressure: resolved',
    );
  });

  it('acknowledges with an optional note', () => {
    loadDefault();
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Acknowledge').click();
    fixture.detectChanges();
    buttonLabelled(bp, 'Acknowledge flag').click();
    fixture.detectChanges();

    const request = httpTesting.expectOne(`/api/v1/flags/${SEVERE_BP.id}/acknowledge`);
    expect(request.request.body).toEqual({});
    request.flush({
      ...SEVERE_BP,
      status: 'acknowledged',
      acknowledgedAt: '2026-03-02T15:00:00.000Z',
    });
    fixture.detectChanges();
    expect(textOf(card('bp.severe'), '[data-testid="flag-status"]')).toBe('Acknowledged');
  });

  it('sends the version shown as If-Match; on 412 says someone else changed the flag, reloads it and keeps the note', () => {
    loadDefault();
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Resolve').click();
    fixture.detectChanges();
    typeText(query(bp, 'textarea', HTMLTextAreaElement), 'Repeat BP 150/92');
    fixture.detectChanges();
    buttonLabelled(bp, 'Resolve flag').click();
    fixture.detectChanges();

    const first = httpTesting.expectOne(`/api/v1/flags/${SEVERE_BP.id}/resolve`);
    expect(first.request.headers.get('If-Match')).toBe('"1"');
    first.flush(
      {
        statusCode: 412,
        error: 'Precondition Failed',
        message: 'The record has changed (version 2); reload it and try again',
      },
      { status: 412, statusText: 'Precondition Failed' },
    );
    fixture.detectChanges();

    // The list is fetched again in place: another nurse acknowledged the flag meanwhile.
    const byOther = {
      ...SEVERE_BP,
      status: 'acknowledged' as const,
      acknowledgedAt: '2026-03-02T15:00:00.000Z',
      acknowledgeNote: 'Rechecking',
      version: 2,
    };
    answerFlags({ open: [MISUSE, NONRESPONSE], acknowledged: [FOLLOW_UP, byOther] });
    const after = card('bp.severe');
    expect(textOf(after, '[data-testid="flag-status"]')).toBe('Acknowledged');
    expect(textOf(after, '[data-testid="flag-action-stale"]')).toBe(
      'Someone else changed this flag while you were writing. It has been reloaded: check its status above, then submit again. Your note is kept.',
    );
    expect(query(after, 'textarea', HTMLTextAreaElement).value).toBe('Repeat BP 150/92');

    buttonLabelled(after, 'Resolve flag').click();
    fixture.detectChanges();
    const retry = httpTesting.expectOne(`/api/v1/flags/${SEVERE_BP.id}/resolve`);
    expect(retry.request.headers.get('If-Match')).toBe('"2"');
    expect(retry.request.body).toEqual({ note: 'Repeat BP 150/92' });
    retry.flush({
      ...byOther,
      status: 'resolved',
      resolvedAt: '2026-03-02T15:10:00.000Z',
      resolveNote: 'Repeat BP 150/92',
      version: 3,
    });
    fixture.detectChanges();
    expect(textOf(card('bp.severe'), '[data-testid="flag-status"]')).toBe('Resolved');
  });

  it('closes the form on Escape and gives the focus back to the button that opened it', () => {
    loadDefault();
    const bp = card('bp.severe');
    const resolve = buttonLabelled(bp, 'Resolve');
    resolve.click();
    fixture.detectChanges();
    const note = query(bp, 'textarea', HTMLTextAreaElement);
    expect(resolve.getAttribute('aria-expanded')).toBe('true');

    note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    fixture.detectChanges();

    expect(bp.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(buttonLabelled(card('bp.severe'), 'Resolve'));
    httpTesting.expectNone((request) => request.url.includes('/resolve'));
  });

  it('shows the server’s refusal in the form', () => {
    loadDefault();
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Resolve').click();
    fixture.detectChanges();
    typeText(query(bp, 'textarea', HTMLTextAreaElement), 'Seen by the psychiatrist');
    fixture.detectChanges();
    buttonLabelled(bp, 'Resolve flag').click();
    fixture.detectChanges();

    httpTesting
      .expectOne(`/api/v1/flags/${SEVERE_BP.id}/resolve`)
      .flush(
        { statusCode: 422, error: 'Unprocessable Entity', message: 'The flag is already resolved' },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    fixture.detectChanges();

    const errors = query(bp, '[data-testid="flag-action-errors"]', HTMLElement);
    expect(errors.getAttribute('role')).toBe('alert');
    expect(textOf(errors, 'p')).toBe('Not resolved:');
    expect(textOf(errors, 'li')).toBe('The flag is already resolved');
  });

  it.each<Role>(['nurse', 'psychiatrist'])(
    'offers a %s "Screen with C-SSRS" on an item-9 flag, naming the flag (ids only)',
    (role) => {
      setUp(role);
      answerFlags({ open: [ITEM9, SEVERE_BP] });
      const link = query(
        card('phq9.item9_positive'),
        '[data-testid="flag-screen-cssrs"]',
        HTMLElement,
      );
      expect(normalize(link.textContent)).toBe('Screen with C-SSRS, Ada Okonkwo');
      expect(link.getAttribute('href')).toBe(`/patients/${ADA.id}/cssrs/new?flagId=${ITEM9.id}`);
      expect(card('bp.severe').querySelector('[data-testid="flag-screen-cssrs"]')).toBeNull();
    },
  );

  it('does not offer a manager the screener', () => {
    setUp('manager');
    answerFlags({ open: [ITEM9] });
    expect(page().querySelector('[data-testid="flag-screen-cssrs"]')).toBeNull();
  });

  /** Answers the resolve form's look-up of the patient's screeners. */
  function answerScreeners(items: CssrsDto[]): void {
    httpTesting
      .expectOne((request) => request.url === `/api/v1/patients/${ADA.id}/cssrs`)
      .flush({ items, total: items.length });
    fixture.detectChanges();
  }

  /** Opens the resolve form of the item-9 flag, types a note and sends it; answers 422. */
  function resolveItem9WithoutScreener(): HTMLElement {
    const item9 = card('phq9.item9_positive');
    buttonLabelled(item9, 'Resolve').click();
    fixture.detectChanges();
    // A screener older than the flag's PHQ-9 does not count.
    answerScreeners([aCssrs({ patientId: ADA.id, administeredAt: '2026-03-04T09:00:00.000Z' })]);
    expect(textOf(item9, '[data-testid="flag-action-screener-needed"]')).toBe(
      'Resolving this flag needs a C-SSRS screener recorded at or after this PHQ-9. Screen with C-SSRS',
    );
    typeText(query(item9, 'textarea', HTMLTextAreaElement), 'Called the patient');
    fixture.detectChanges();
    buttonLabelled(item9, 'Resolve flag').click();
    fixture.detectChanges();
    const request = httpTesting.expectOne(`/api/v1/flags/${ITEM9.id}/resolve`);
    expect(request.request.body).toEqual({ note: 'Called the patient' });
    request.flush(
      { statusCode: 422, error: 'Unprocessable Entity', message: NO_SCREENER_MESSAGE },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();
    return item9;
  }

  it('says when a screener was recorded after the flag’s PHQ-9, and resolves the flag with the note only', () => {
    setUp('nurse');
    answerFlags({ open: [ITEM9] });
    const item9 = card('phq9.item9_positive');
    buttonLabelled(item9, 'Resolve').click();
    fixture.detectChanges();
    answerScreeners([
      aCssrs({ patientId: ADA.id, risk: 'moderate', administeredAt: '2026-03-05T09:30:00.000Z' }),
    ]);

    expect(textOf(item9, '[data-testid="flag-action-screener-done"]')).toBe(
      'C-SSRS screener recorded after this PHQ-9: Moderate risk, 5 Mar 2026, 09:30.',
    );
    expect(item9.querySelector('[data-testid="flag-action-screener-needed"]')).toBeNull();
    typeText(query(item9, 'textarea', HTMLTextAreaElement), 'Screened; safety plan written');
    fixture.detectChanges();
    buttonLabelled(item9, 'Resolve flag').click();
    fixture.detectChanges();
    const request = httpTesting.expectOne(`/api/v1/flags/${ITEM9.id}/resolve`);
    expect(request.request.body).toEqual({ note: 'Screened; safety plan written' });
    request.flush({ ...ITEM9, status: 'resolved', resolvedAt: '2026-03-05T10:00:00.000Z' });
  });

  it('tells a nurse a screener is missing when the server refuses to resolve an item-9 flag, with a link to it, and no reason field', () => {
    setUp('nurse');
    answerFlags({ open: [ITEM9] });
    const item9 = resolveItem9WithoutScreener();

    const notice = query(item9, '[data-testid="flag-action-no-screener"]', HTMLElement);
    expect(notice.getAttribute('role')).toBe('alert');
    expect(textOf(notice, 'p')).toBe(
      'Not resolved: no C-SSRS screener has been recorded at or after this PHQ-9. Record the screener first.',
    );
    expect(notice.querySelector('a')?.getAttribute('href')).toBe(
      `/patients/${ADA.id}/cssrs/new?flagId=${ITEM9.id}`,
    );
    expect(item9.querySelector('[data-testid="flag-action-no-screener-reason"]')).toBeNull();
    expect(item9.querySelectorAll('textarea')).toHaveLength(1);
  });

  it('lets a psychiatrist resolve an item-9 flag without a screener by giving the reason, sent as noScreenerReason', () => {
    setUp('psychiatrist');
    answerFlags({ open: [ITEM9] });
    const item9 = resolveItem9WithoutScreener();

    expect(textOf(item9, '[data-testid="flag-action-no-screener"] p')).toBe(
      'Not resolved: no C-SSRS screener has been recorded at or after this PHQ-9. Record the screener first, or give the reason none was done below.',
    );
    const reason = query(
      item9,
      '[data-testid="flag-action-no-screener-reason"]',
      HTMLTextAreaElement,
    );
    expect(textOf(item9, `label[for="${reason.id}"]`)).toBe('No screener: reason (psychiatrist)');
    expect(document.activeElement).toBe(reason);
    typeText(reason, ' Assessed in person by the psychiatrist; no suicidal ideation ');
    fixture.detectChanges();
    buttonLabelled(item9, 'Resolve flag').click();
    fixture.detectChanges();

    const request = httpTesting.expectOne(`/api/v1/flags/${ITEM9.id}/resolve`);
    expect(request.request.body).toEqual({
      note: 'Called the patient',
      noScreenerReason: 'Assessed in person by the psychiatrist; no suicidal ideation',
    });
    request.flush({ ...ITEM9, status: 'resolved', resolvedAt: '2026-03-05T10:00:00.000Z' });
    fixture.detectChanges();
    expect(textOf(card('phq9.item9_positive'), '[data-testid="flag-status"]')).toBe('Resolved');
  });

  it('shows a nurse “Psychiatrist review” instead of actions on misuse flags', () => {
    loadDefault('nurse');
    const misuse = card('misuse.session_frequency');
    expect(misuse.querySelectorAll('button')).toHaveLength(0);
    expect(textOf(misuse, '[data-testid="flag-psychiatrist-review"]')).toBe(
      'Psychiatrist review — only a psychiatrist can acknowledge or resolve this flag.',
    );
    expect(
      Array.from(card('bp.severe').querySelectorAll('button')).map((b) => normalize(b.textContent)),
    ).toEqual(['Acknowledge', 'Resolve']);
  });

  it('shows a nurse’s 403 when the server refuses the action', () => {
    loadDefault('nurse');
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Acknowledge').click();
    fixture.detectChanges();
    buttonLabelled(bp, 'Acknowledge flag').click();
    fixture.detectChanges();
    httpTesting.expectOne(`/api/v1/flags/${SEVERE_BP.id}/acknowledge`).flush(
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Only a psychiatrist can act on this flag',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    fixture.detectChanges();
    expect(textOf(bp, '[data-testid="flag-action-errors"] li')).toBe(
      'Only a psychiatrist can act on this flag',
    );
  });

  it('shows managers the flags without any action', () => {
    loadDefault('manager');
    expect(cards()).toHaveLength(4);
    expect(page().querySelectorAll('[data-testid="flags-list"] button')).toHaveLength(0);
    expect(page().querySelector('[data-testid="flag-psychiatrist-review"]')).toBeNull();
  });

  it('filters by status, category and severity on the server', () => {
    loadDefault();
    const choose = (id: string, value: string): void => {
      const select = query(page(), `#${id}`, HTMLSelectElement);
      select.value = value;
      select.dispatchEvent(new Event('change'));
      fixture.detectChanges();
    };

    choose('flags-severity', 'critical');
    let requests = answerFlags({ open: [SEVERE_BP] });
    expect(requests.map((r) => r.request.params.get('severity'))).toEqual(['critical', 'critical']);
    expect(cards()).toHaveLength(1);

    choose('flags-category', 'misuse');
    requests = answerFlags({});
    expect(requests.map((r) => r.request.params.get('category'))).toEqual(['misuse', 'misuse']);
    expect(textOf(page(), '[data-testid="flags-empty"]')).toBe('No flags match these filters.');

    choose('flags-status', 'resolved');
    requests = answerFlags({ resolved: [] });
    expect(requests.map((r) => r.request.params.get('status'))).toEqual(['resolved']);
    // The patient list is not asked for again when only the filters change.
    httpTesting.expectNone((request) => request.url === '/api/v1/patients');
  });

  it('shows the session of a session flag and its follow-up questionnaires', () => {
    setUp();
    answerFlags({
      open: [
        aFlag({
          rule: 'bp.elevated',
          severity: 'warning',
          sessionId: 'session-3',
          sessionNumber: 3,
          followUps: [
            {
              id: 'f1',
              kind: '24h',
              status: 'completed',
              dueAt: '2026-03-03T14:00:00.000Z',
              expiresAt: '2026-03-04T02:00:00.000Z',
              completedAt: '2026-03-03T12:00:00.000Z',
              phq9Id: 'p1',
            },
            {
              id: 'f2',
              kind: '72h',
              status: 'open',
              dueAt: '2026-03-05T14:00:00.000Z',
              expiresAt: '2026-03-06T14:00:00.000Z',
              completedAt: null,
              phq9Id: null,
            },
          ],
        }),
        SEVERE_BP,
      ],
    });
    expect(textOf(card('bp.elevated'), '[data-testid="flag-session"]')).toBe(
      'Session 3 · follow-up 24 h completed · 72 h open',
    );
    // A patient-level flag has no session line.
    expect(card('bp.severe').querySelector('[data-testid="flag-session"]')).toBeNull();
  });

  it('reloads by itself, keeping the list on screen, when the live stream reports a flag', () => {
    stream = new Subject<BoardStreamMessage>();
    setUp('nurse');
    answerFlags({ open: [SEVERE_BP] });
    stream.next({ kind: 'open' });
    stream.next({
      kind: 'event',
      event: {
        type: 'observation',
        clinicId: RIVERSIDE.id,
        sessionId: 's',
        patientId: ADA.id,
        at: '2026-03-05T08:00:00.000Z',
      },
    });
    expect(flagRequests()).toHaveLength(0);
    stream.next({
      kind: 'event',
      event: {
        type: 'flag',
        clinicId: RIVERSIDE.id,
        sessionId: null,
        patientId: ERIK.id,
        at: '2026-03-05T08:00:00.000Z',
      },
    });
    fixture.detectChanges();
    // The list stays while the new one loads.
    expect(cards()).toHaveLength(1);
    expect(page().querySelector('[data-testid="flags-loading"]')).toBeNull();
    answerFlags({ open: [SEVERE_BP, aFlag({ patientId: ERIK.id, rule: 'phq9.item9_positive' })] });
    expect(cards()).toHaveLength(2);
    expect(textOf(card('phq9.item9_positive'), '[data-testid="flag-patient"]')).toBe(
      'Erik Lindqvist',
    );
  });

  it('keeps a flag resolved here in view when the live stream reloads the list', () => {
    stream = new Subject<BoardStreamMessage>();
    setUp();
    answerFlags({ open: [SEVERE_BP, MISUSE] });
    stream.next({ kind: 'open' });
    const bp = card('bp.severe');
    buttonLabelled(bp, 'Resolve').click();
    fixture.detectChanges();
    typeText(query(bp, 'textarea', HTMLTextAreaElement), 'Repeated BP 150/90, settled');
    buttonLabelled(bp, 'Resolve flag').click();
    httpTesting
      .expectOne(`/api/v1/flags/${SEVERE_BP.id}/resolve`)
      .flush({ ...SEVERE_BP, status: 'resolved', resolvedAt: '2026-03-05T09:00:00.000Z' });
    fixture.detectChanges();
    // The resolve's own flag event: the reloaded list (open and acknowledged) no longer has it.
    stream.next({
      kind: 'event',
      event: {
        type: 'flag',
        clinicId: RIVERSIDE.id,
        sessionId: null,
        patientId: ADA.id,
        at: '2026-03-05T09:00:00.000Z',
      },
    });
    fixture.detectChanges();
    answerFlags({ open: [MISUSE] });
    expect(textOf(card('bp.severe'), '[data-testid="flag-status"]')).toBe('Resolved');
    expect(cards()).toHaveLength(2);
  });

  it('offers Retry when the flags cannot be loaded', () => {
    setUp();
    const [open, acknowledged] = flagRequests();
    open?.flush({ statusCode: 500 }, { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    // The other status's request is dropped: one failure fails the list.
    expect(acknowledged?.cancelled).toBe(true);
    expect(textOf(page(), '[data-testid="flags-error"]')).toContain('Flags could not be loaded');
    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    answerFlags({ open: [SEVERE_BP] });
    expect(cards()).toHaveLength(1);
  });
});
