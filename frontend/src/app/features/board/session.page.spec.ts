import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  DISCHARGE_ADVICE,
  type DischargeReadinessDto,
  type Role,
  type SessionDto,
} from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf, typeInto } from '../../../testing/dom';
import { aPatient } from '../../../testing/fixtures';
import { EVENT_SOURCE_FACTORY } from '../../api/board.api';
import {
  CLINIC_ID,
  FakeEventSource,
  aBoardEvent,
  aFlag,
  aReadiness,
  aSession,
  anObservation,
  fakeEventSourceFactory,
} from './board.fixtures';
import { STALE_SESSION_MESSAGE, SessionPage } from './session.page';

describe('SessionPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const patient = aPatient({ givenName: 'Ada', familyName: 'Okonkwo', mrn: 'RC-00042' });

  async function open(
    session: SessionDto,
    readiness: DischargeReadinessDto,
    role: Role = 'nurse',
  ): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp({
          routes: [{ path: 'board/session/:sessionId', component: SessionPage }],
          auth: { role: signal(role) },
          clinicContext: {
            clinicId: signal(CLINIC_ID),
            clinic: signal(null),
            timeZoneOf: () => 'Europe/London',
          },
        }),
        { provide: EVENT_SOURCE_FACTORY, useValue: fakeEventSourceFactory },
      ],
    });
    FakeEventSource.reset();
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/board/session/${session.id}`, SessionPage);
    answer(session, readiness);
    http.expectOne(`/api/v1/patients/${session.patientId}`).flush(patient);
    http
      .expectOne('/api/v1/board/tickets')
      .flush({ ticket: 't', expiresAt: '2026-11-26T14:01:00.000Z' });
    harness.detectChanges();
    http.expectOne(`/api/v1/sessions/${session.id}/followups`).flush({
      items: (['24h', '72h'] as const).map((kind) => ({
        id: `follow-up-${kind}`,
        sessionId: session.id,
        kind,
        dueAt: '2026-11-27T13:20:00.000Z',
        opensAt: '2026-11-27T01:20:00.000Z',
        expiresAt: '2026-11-28T01:20:00.000Z',
        status: 'scheduled',
        link: `http://localhost:3000/r/token-${kind}`,
        channels: ['email', 'sms'],
        completedAt: null,
        phq9Id: null,
      })),
      total: 2,
    });
    harness.detectChanges();
  }

  function answer(session: SessionDto, readiness: DischargeReadinessDto): void {
    http.expectOne(`/api/v1/sessions/${session.id}`).flush(session);
    http.expectOne(`/api/v1/sessions/${session.id}/discharge-readiness`).flush(readiness);
    harness.detectChanges();
  }

  const page = (): HTMLElement => harness.routeNativeElement as HTMLElement;
  const rows = (): string[][] =>
    Array.from(page().querySelectorAll('[data-testid="observations-table"] tbody tr'), (row) =>
      Array.from((row as HTMLTableRowElement).cells, (cell) => normalize(cell.textContent)),
    );

  afterEach(() => {
    http.verify();
  });

  it('shows the patient, the observations with minutes since dose, open flags and why discharge must wait', async () => {
    const session = aSession({
      observations: [
        anObservation({
          recordedAt: '2026-11-26T14:00:00.000Z',
          minutesSinceDose: 40,
          systolic: 186,
          diastolic: 104,
          cadss6Total: 3,
        }),
        anObservation({
          recordedAt: '2026-11-26T13:15:00.000Z',
          minutesSinceDose: -5,
          heartRate: null,
        }),
      ],
      flags: [
        aFlag({ rule: 'bp.severe' }),
        aFlag({ rule: 'sedation.moderate', severity: 'warning', status: 'resolved' }),
      ],
    });
    await open(
      session,
      aReadiness({
        reasons: ['latest BP 186/104 is not below 180/110', 'open critical flag on the session'],
      }),
    );

    expect(textOf(page(), '[data-testid="session-patient"]')).toBe('Ada Okonkwo RC-00042');
    expect(rows()).toEqual([
      ['13:15', 'pre-dose (-5)', '138/86', '–', '97', '14', '4', '–', 'Mark entered in error'],
      ['14:00', '40', '186/104', '78', '97', '14', '4', '3', 'Mark entered in error'],
    ]);
    const flags = page().querySelectorAll('[data-testid="session-flags"] li');
    expect(flags).toHaveLength(1); // the resolved one is not shown
    expect(
      Array.from(page().querySelectorAll('.ready__reasons li'), (li) => normalize(li.textContent)),
    ).toEqual(['latest BP 186/104 is not below 180/110', 'open critical flag on the session']);
    expect(query(page(), '[data-testid="discharge-button"]', HTMLButtonElement).disabled).toBe(
      true,
    ); // The follow-up links, to send or show before the patient leaves.
    expect(
      Array.from(page().querySelectorAll('[data-testid="follow-up-status"]'), (badge) =>
        normalize(badge.textContent),
      ),
    ).toEqual(['Scheduled', 'Scheduled']);
  });

  it('offers psychiatrists the discharge override when the patient is not ready, not nurses', async () => {
    await open(aSession(), aReadiness(), 'nurse');
    expect(page().querySelector('app-discharge-override')).toBeNull();
    TestBed.resetTestingModule();
    await open(aSession(), aReadiness(), 'psychiatrist');
    expect(page().querySelector('app-discharge-override')).not.toBeNull();
    expect(textOf(page(), 'app-discharge-override h2')).toBe('Discharge before ready');
  });

  it('discharges after a confirmation when the patient is ready', async () => {
    const session = aSession();
    await open(
      session,
      aReadiness({ ready: true, reasons: [], readyAt: '2026-11-26T15:10:00.000Z' }),
    );
    expect(textOf(page(), '[data-testid="discharge-readiness"]')).toContain('Ready for discharge');
    // The label's advice (CLINICAL.md s9) shows before the discharge ...
    const advice = (): string[] =>
      Array.from(page().querySelectorAll('[data-testid="discharge-advice"] li'), (li) =>
        (li.textContent ?? '').trim(),
      );
    expect(advice()).toEqual([...DISCHARGE_ADVICE]);
    expect(advice().join(' ')).toContain('No driving');
    expect(advice().join(' ')).toContain('Someone must take the patient home');

    buttonLabelled(page(), 'Discharge').click();
    harness.detectChanges();
    buttonLabelled(page(), 'Yes, discharge now').click();
    harness.detectChanges();

    const request = http.expectOne(`/api/v1/sessions/${session.id}/discharge`);
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('If-Match')).toBe(`"${String(session.version)}"`);
    expect(Object.keys(request.request.body as object)).toEqual(['dischargedAt']);
    request.flush({ ...session, status: 'discharged' });
    answer(
      { ...session, status: 'discharged', dischargedAt: '2026-11-26T15:20:00.000Z' },
      aReadiness({ ready: true, reasons: [] }),
    );
    expect(textOf(page(), '[data-testid="discharge-done"]')).toBe('Discharged at 15:20.');
    expect(page().querySelector('[data-testid="observation-form"]')).toBeNull();
    // ... and after it.
    expect(advice()).toEqual([...DISCHARGE_ADVICE]);
  });

  it('shows the reasons the server gives when it refuses the discharge', async () => {
    const session = aSession();
    await open(session, aReadiness({ ready: true, reasons: [] }));
    buttonLabelled(page(), 'Discharge').click();
    harness.detectChanges();
    buttonLabelled(page(), 'Yes, discharge now').click();
    http.expectOne(`/api/v1/sessions/${session.id}/discharge`).flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: ['latest MOAA/S is 4, 5 needed'],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    answer(session, aReadiness({ reasons: ['latest MOAA/S is 4, 5 needed'] }));
    expect(textOf(page(), '.discharge__error')).toBe('latest MOAA/S is 4, 5 needed');
  });

  it('says plainly when someone else changed the session before the discharge (412), and reloads it', async () => {
    const session = aSession();
    await open(session, aReadiness({ ready: true, reasons: [] }));
    buttonLabelled(page(), 'Discharge').click();
    harness.detectChanges();
    buttonLabelled(page(), 'Yes, discharge now').click();
    http.expectOne(`/api/v1/sessions/${session.id}/discharge`).flush(
      {
        statusCode: 412,
        error: 'Precondition Failed',
        message: 'The record has changed (version 2); reload it and try again',
      },
      { status: 412, statusText: 'Precondition Failed' },
    );
    answer({ ...session, version: 2 }, aReadiness({ ready: true, reasons: [] }));
    expect(textOf(page(), '.discharge__error')).toBe(STALE_SESSION_MESSAGE);

    buttonLabelled(page(), 'Discharge').click();
    harness.detectChanges();
    buttonLabelled(page(), 'Yes, discharge now').click();
    const retry = http.expectOne(`/api/v1/sessions/${session.id}/discharge`);
    expect(retry.request.headers.get('If-Match')).toBe('"2"');
    retry.flush({ ...session, status: 'discharged', version: 3 });
    answer(
      { ...session, status: 'discharged', dischargedAt: '2026-11-26T15:20:00.000Z', version: 3 },
      aReadiness({ ready: true, reasons: [] }),
    );
    expect(textOf(page(), '[data-testid="discharge-done"]')).toBe('Discharged at 15:20.');
  });

  it('marks an observation entered in error with a reason, then shows it struck through with the mark', async () => {
    const wrong = anObservation({ recordedAt: '2026-11-26T14:00:00.000Z', systolic: 186 });
    const session = aSession({ observations: [wrong] });
    await open(session, aReadiness());
    query(page(), '[data-testid="mark-in-error-button"]', HTMLButtonElement).click();
    harness.detectChanges();
    const form = query(page(), '[data-testid="mark-in-error-form"]', HTMLFormElement);
    expect(normalize(form.textContent)).toContain(
      'Mark entered in error: observation of 14:00, BP 186/86, HR 78, MOAA/S 4',
    );
    const reason = query(page(), '[data-testid="mark-in-error-reason"]', HTMLTextAreaElement);
    expect(document.activeElement).toBe(reason);
    reason.value = 'Cuff on the wrong patient';
    reason.dispatchEvent(new Event('input'));
    query(page(), '[data-testid="mark-in-error-confirm"]', HTMLButtonElement).click();
    const mark = http.expectOne(`/api/v1/observations/${wrong.id}/entered-in-error`);
    expect(mark.request.body).toEqual({ reason: 'Cuff on the wrong patient' });
    const enteredInError = {
      at: '2026-11-26T14:05:00.000Z',
      by: 'u1',
      byName: 'Nora Nurse',
      reason: 'Cuff on the wrong patient',
    };
    mark.flush({ resourceType: 'observation', id: wrong.id, enteredInError });
    answer({ ...session, observations: [{ ...wrong, enteredInError }] }, aReadiness());

    expect(textOf(page(), '[data-testid="session-announcement"]')).toBe(
      'Observation marked entered in error.',
    );
    expect(rows()[0].at(-1)).toBe(
      'Entered in error “Cuff on the wrong patient” Nora Nurse, 26 Nov 2026, 14:05',
    );
    expect(
      query(page(), '[data-testid="observations-table"] tbody tr', HTMLElement).className,
    ).toContain('row--entered-in-error');
    expect(page().querySelector('[data-testid="mark-in-error-button"]')).toBeNull();
  });

  it('fetches the session again after an observation is saved, and on a live event of this session', async () => {
    const session = aSession();
    await open(session, aReadiness());
    typeInto(query(page(), '#obs-heart-rate', HTMLInputElement), '80');
    harness.detectChanges();
    query(page(), 'button[type="submit"]', HTMLButtonElement).click();
    http
      .expectOne(`/api/v1/sessions/${session.id}/observations`)
      .flush(anObservation(), { status: 201, statusText: 'Created' });
    harness.detectChanges();
    answer({ ...session, observations: [anObservation()] }, aReadiness());
    expect(rows()).toHaveLength(1);

    const source = FakeEventSource.latest();
    source.connect();
    source.emit(aBoardEvent({ sessionId: 'another-session' }));
    http.expectNone(`/api/v1/sessions/${session.id}`);
    source.emit(aBoardEvent({ type: 'flag', sessionId: session.id }));
    answer(session, aReadiness());
  });

  it('says when the session cannot be found', async () => {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp({
          routes: [{ path: 'board/session/:sessionId', component: SessionPage }],
          auth: { role: signal('nurse') },
          clinicContext: { clinicId: signal(CLINIC_ID), clinic: signal(null) },
        }),
        { provide: EVENT_SOURCE_FACTORY, useValue: fakeEventSourceFactory },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/board/session/unknown', SessionPage);
    http
      .expectOne('/api/v1/sessions/unknown')
      .flush(null, { status: 404, statusText: 'Not Found' });
    // forkJoin: the readiness request is cancelled with the session's 404.
    expect(http.expectOne('/api/v1/sessions/unknown/discharge-readiness').cancelled).toBe(true);
    harness.detectChanges();
    expect(textOf(page(), '[data-testid="session-not-found"]')).toContain(
      'This session was not found',
    );
  });
});
