import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type CourseDto, DEFAULT_THRESHOLDS, type Role } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { normalize, query, textOf } from '../../../testing/dom';
import { FakeChart } from '../../../testing/fake-chart';
import { RIVERSIDE, aLoginResponse, aPatient, aUser } from '../../../testing/fixtures';
import {
  PATIENT_ID,
  aCssrs,
  aFlag,
  aPhq9,
  aPoint,
  aResponse,
  aResponseSession,
  aRiskEvent,
  aSafetyPlan,
  aSession,
  aSideEffect,
} from '../../../testing/patient-fixtures';
import { aCourse, aScreening } from '../../../testing/course-fixtures';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { PatientPage } from './patient.page';

jest.mock('../../charts/chart-registry', () => ({
  Chart: jest.requireActual<{ FakeChart: typeof FakeChart }>('../../../testing/fake-chart')
    .FakeChart,
}));

const PATIENT = aPatient({
  id: PATIENT_ID,
  mrn: 'RC-00003',
  familyName: 'Nettle',
  givenName: 'Max',
  birthDate: '1974-04-09',
  sex: 'male',
  weightKg: 96.3,
});
const S1 = aSession({ id: 's1', sessionNumber: 1, startedAt: '2026-10-01T09:00:00.000Z' });
const S2 = aSession({
  id: 's2',
  sessionNumber: 2,
  startedAt: '2026-10-05T09:00:00.000Z',
  doseMg: 40,
  doseMgPerKg: 0.571,
  readyAt: '2026-10-05T10:20:00.000Z',
  dischargedAt: '2026-10-05T10:35:00.000Z',
  doseWarnings: ['0.571 mg/kg is above the usual 0.5 mg/kg'],
});
const PHQ9 = [
  aPhq9({
    administeredAt: '2026-10-06T08:00:00.000Z',
    total: 9,
    severity: 'mild',
    recall: '24_hours',
    hoursSinceDose: 23,
    sessionId: 's2',
    items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    item9Positive: true,
  }),
  aPhq9({
    administeredAt: '2026-10-03T08:00:00.000Z',
    total: null,
    severity: null,
    valid: false,
    recall: '24_hours',
    hoursSinceDose: 47,
    sessionId: 's1',
    items: [1, null, null, null, 1, 1, 1, 1, 0],
  }),
  aPhq9({
    administeredAt: '2026-10-02T09:00:00.000Z',
    total: 12,
    severity: 'moderate',
    prorated: true,
    recall: '24_hours',
    hoursSinceDose: 24,
    sessionId: 's1',
    items: [1, 2, null, 2, 1, 1, 1, 2, 0],
  }),
  aPhq9({
    id: 'phq9-baseline',
    administeredAt: '2026-09-28T09:00:00.000Z',
    total: 20,
    severity: 'severe',
  }),
];
const RESPONSE = aResponse({
  status: 'response',
  bestChangePct: -55,
  sessions: [
    aResponseSession({
      sessionId: 's1',
      sessionNumber: 1,
      startedAt: S1.startedAt,
      preDoseTotal: 20,
      points: [aPoint({ hoursSinceDose: 24, total: 12, changePct: -40 })],
      at24h: aPoint({ hoursSinceDose: 24, total: 12, changePct: -40 }),
    }),
    aResponseSession({
      sessionId: 's2',
      sessionNumber: 2,
      startedAt: S2.startedAt,
      doseMg: 40,
      preDoseTotal: 20,
      // Answered by the patient from home through the follow-up link.
      points: [aPoint({ hoursSinceDose: 23, total: 9, changePct: -55, source: 'self_report' })],
      at24h: aPoint({ hoursSinceDose: 23, total: 9, changePct: -55, source: 'self_report' }),
    }),
  ],
});
const FLAGS = [
  aFlag({
    rule: 'tolerance.diminishing_response',
    category: 'tolerance',
    message: '24-h PHQ-9 improvement over the pre-dose score fell 9 -> 6 -> 2 points',
    ruleNote: 'A clinically reasonable proxy, not a published checklist',
    sessionId: 's2',
  }),
  aFlag({
    rule: 'phq9.item9_positive',
    category: 'suicidality',
    severity: 'critical',
    message: 'PHQ-9 item 9 = 1',
  }),
  aFlag({
    rule: 'bp.severe',
    category: 'hemodynamic',
    severity: 'critical',
    status: 'resolved',
    note: 'Rechecked: 150/90',
  }),
];

describe('PatientPage', () => {
  let fixture: ComponentFixture<PatientPage>;
  let httpTesting: HttpTestingController;

  async function setUp(role: Role = 'psychiatrist'): Promise<void> {
    FakeChart.instances = [];
    TestBed.configureTestingModule({
      imports: [PatientPage],
      providers: [...provideTestApp({ routes: [] })],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login('a@b.c', 'pw').subscribe();
    httpTesting.expectOne('/api/v1/auth/login').flush(aLoginResponse(aUser({ role })));
    // The shell loads the clinics (names, time zones) at sign-in: times read as in the clinic.
    TestBed.inject(ClinicContext).load();
    httpTesting.expectOne('/api/v1/clinics').flush({ items: [RIVERSIDE], total: 1 });
    fixture = TestBed.createComponent(PatientPage);
    fixture.componentRef.setInput('id', PATIENT_ID);
    await fixture.whenStable();
  }

  afterEach(() => {
    // The follow-up section (its own spec) loads the latest session's links.
    httpTesting
      .match((request) => request.url.endsWith('/followups'))
      .forEach((request) => request.flush({ items: [] }));
    // The suicide-risk panel loads the screeners and the safety plan (none by default).
    answerSuicideRisk([], null);
    httpTesting.verify();
  });

  /** Answers the suicide-risk panel's requests still open: the screeners and the plan. */
  function answerSuicideRisk(
    screeners: ReturnType<typeof aCssrs>[],
    plan: ReturnType<typeof aSafetyPlan> | null,
  ): void {
    httpTesting
      .match((request) => request.url === `/api/v1/patients/${PATIENT_ID}/cssrs`)
      .forEach((request) => request.flush({ items: screeners, total: screeners.length }));
    httpTesting
      .match((request) => request.url === `/api/v1/patients/${PATIENT_ID}/safety-plan/versions`)
      .forEach((request) => {
        expect(request.request.params.get('limit')).toBe('1');
        request.flush({ items: plan ? [plan] : [], total: plan ? plan.version : 0 });
      });
  }

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);
  const rows = (testId: string): string[][] =>
    Array.from(page().querySelectorAll(`[data-testid="${testId}"] tbody tr`)).map((row) =>
      Array.from(row.children).map((cell) => normalize(cell.textContent)),
    );
  /** The texts of the elements matching `selector` inside `testId`, one per element. */
  const texts = (testId: string, selector: string): string[] =>
    Array.from(page().querySelectorAll(`[data-testid="${testId}"] ${selector}`)).map((element) =>
      normalize(element.textContent),
    );
  const url = (path: string): string => `/api/v1/patients/${PATIENT_ID}${path}`;

  interface Answers {
    patient?: 'ok' | 404 | 500;
    thresholds?: 'ok' | 500;
    sessions?: 'ok' | 500;
    sessionList?: (typeof S1)[];
    phq9List?: typeof PHQ9;
    response?: typeof RESPONSE;
    courses?: CourseDto[] | 500;
  }

  async function answer(answers: Answers = {}): Promise<void> {
    const fail = (status: number) => ({ status, statusText: String(status) });
    const patient = httpTesting.expectOne(`/api/v1/patients/${PATIENT_ID}`);
    if (answers.patient === 404 || answers.patient === 500) {
      patient.flush({ statusCode: answers.patient }, fail(answers.patient));
      httpTesting
        .match(() => true)
        .filter((request) => !request.cancelled)
        .forEach((request) => request.flush({ items: [], total: 0 }));
      await fixture.whenStable();
      return;
    }
    patient.flush(PATIENT);
    const thresholds = httpTesting.expectOne(`/api/v1/clinics/${RIVERSIDE.id}/thresholds`);
    if (answers.thresholds === 500) {
      thresholds.flush(null, fail(500));
    } else {
      thresholds.flush({
        clinicId: RIVERSIDE.id,
        thresholds: DEFAULT_THRESHOLDS,
        overrides: {},
        version: 1,
      });
    }
    const sessions = httpTesting.expectOne((r) => r.url === url('/sessions'));
    expect(sessions.request.params.get('limit')).toBe('200');
    if (answers.sessions === 500) {
      sessions.flush(null, fail(500));
    } else {
      const list = answers.sessionList ?? [S2, S1];
      sessions.flush({ items: list, total: list.length });
    }
    const phq9 = answers.phq9List ?? PHQ9;
    httpTesting.expectOne((r) => r.url === url('/phq9')).flush({ items: phq9, total: phq9.length });
    httpTesting.expectOne(url('/response')).flush(answers.response ?? RESPONSE);
    const courses = httpTesting.expectOne((r) => r.url === url('/courses'));
    if (answers.courses === 500) {
      courses.flush(null, fail(500));
    } else {
      courses.flush({ items: answers.courses ?? [], total: answers.courses?.length ?? 0 });
    }
    httpTesting
      .expectOne((r) => r.url === url('/side-effects'))
      .flush({
        items: [
          aSideEffect({ sessionId: 's2', type: 'urinary_symptoms', severity: 'severe' }),
          // Serious (CLINICAL.md s3 v2) though mild: the list says why.
          aSideEffect({
            sessionId: 's2',
            type: 'dizziness',
            severity: 'mild',
            onsetAt: '2026-10-01T09:00:00.000Z',
            serious: true,
            seriousCriterion: 'hospitalisation',
          }),
        ],
        total: 2,
      });
    httpTesting
      .expectOne((r) => r.url === url('/risk-events'))
      .flush({
        items: [aRiskEvent({ type: 'early_session_request', notes: 'Asked for an extra dose' })],
        total: 1,
      });
    const flags = httpTesting.expectOne((r) => r.url === '/api/v1/flags');
    expect(flags.request.params.get('patientId')).toBe(PATIENT_ID);
    flags.flush({ items: FLAGS, total: FLAGS.length });
    await fixture.whenStable();
  }

  it('says it is loading, then shows the whole record at once', async () => {
    await setUp();
    expect(byTestId('patient-loading')).toContain('Loading the patient record');

    await answer();

    expect(byTestId('patient-loading')).toBeNull();
    expect(textOf(page(), 'h1')).toBe('Nettle, Max');
    expect(texts('patient-demographics', 'div')).toEqual([
      'MRNRC-00003',
      'Born9 Apr 1974 (52 years)',
      'SexMale',
      'Weight96.3 kg',
      'ClinicRiverside Clinic',
    ]);
  });

  it('summarises the course: sessions, dose, baseline, latest, best change, status, flags', async () => {
    await setUp();
    await answer();

    const tiles = Array.from(page().querySelectorAll('[data-testid="course-summary"] .tile')).map(
      (tile) =>
        Array.from(tile.children)
          .map((part) => normalize(part.textContent))
          .join(' | '),
    );
    expect(tiles).toEqual([
      'Sessions | 2 | 1 Oct 2026 – 5 Oct 2026',
      'Dose | 40 mg 0.571 mg/kg | Ketamine IV · 35 mg–40 mg over the course',
      'Baseline PHQ-9 | 20 Severe | 28 Sept 2026, two-week recall',
      'Latest PHQ-9 | 9 Mild | 6 Oct 2026, 24-hour recall (modified)',
      'Best change | −55% | Lowest PHQ-9 against the baseline',
      'Response status | Response | Latest PHQ-9 at most 50% of the baseline',
      'Flags needing review | 1 critical, 1 warning | Open or acknowledged',
    ]);
    expect(byTestId('response-status')).toBe('Response');
  });

  it('draws the response chart with one line per session, and the course chart', async () => {
    await setUp();
    await answer();

    expect(FakeChart.instances).toHaveLength(2);
    const [response, course] = FakeChart.instances;
    expect(response.data.datasets.map((d) => d['label'])).toEqual(['Session 1', 'Session 2']);
    expect(course.data.datasets.map((d) => d['label'])).toEqual(['PHQ-9 total', 'Doses']);
    expect(rows('response-chart-table').map((row) => row[4])).toEqual([
      '9 at 23 h (−55% from baseline, 24-hour recall (modified), from home)',
      '12 at 24 h (−40% from baseline, 24-hour recall (modified))',
    ]);
  });

  it('lists the sessions newest first with dose per kg, warnings, readiness and discharge', async () => {
    await setUp();
    await answer();

    expect(rows('sessions-table')).toEqual([
      [
        '2',
        '5 Oct 2026, 10:00',
        'Ketamine IV',
        '40 mg0.571 mg/kg0.571 mg/kg is above the usual 0.5 mg/kg',
        'Discharged 11:35 ready 11:20',
        '9 (self-report) / —',
        'Mark entered in error',
      ],
      [
        '1',
        '1 Oct 2026, 10:00',
        'Ketamine IV',
        '35 mg0.5 mg/kg',
        'Discharged 11:45 ready 11:30',
        '12 / —',
        'Mark entered in error',
      ],
    ]);
  });

  it('lists the PHQ-9 history with recall, prorated and invalid marks, item 9 highlighted', async () => {
    await setUp();
    await answer();

    const history = rows('phq9-table');
    expect(history[0]).toEqual([
      '6 Oct 2026, 09:00',
      '9',
      'Mild',
      '24-hour recall (modified)',
      '23 h after session 2',
      '1: same-day review',
      'Complete',
      'Mark entered in error',
    ]);
    expect(history[1][1]).toBe('Not scored');
    expect(history[1][6]).toBe('Invalid: 3 or more items missing');
    expect(history[2][6]).toBe('Prorated (items missing)');
    expect(history[3][3]).toBe('Two-week recall');
    expect(history[3][4]).toBe('Before the first session');
    expect(page().querySelectorAll('[data-testid="item9-positive"]')).toHaveLength(1);
    expect(query(page(), '[data-testid="phq9-table"] tbody tr', HTMLElement).className).toContain(
      'row--alert',
    );
  });

  it('lists side effects and risk events', async () => {
    await setUp();
    await answer();

    expect(rows('side-effects-table')).toEqual([
      ['1 Oct 2026, 10:30', 'Urinary symptoms', 'Severe', '2', '', 'Mark entered in error'],
      [
        '1 Oct 2026, 10:00',
        'Dizziness Serious: inpatient hospitalisation or its prolongation',
        'Mild',
        '2',
        '',
        'Mark entered in error',
      ],
    ]);
    expect(rows('risk-events-table')).toEqual([
      [
        '3 Oct 2026, 13:00',
        'Request for an earlier or extra session',
        'Asked for an extra dose',
        'Mark entered in error',
      ],
    ]);
  });

  it('shows the flags needing review with the rule and message, the proxy-rule note visible', async () => {
    await setUp();
    await answer();

    const flags = Array.from(
      page().querySelectorAll('[data-testid="flags-list"] [data-testid="flag"]'),
    ).map((flag) =>
      ['.badge', '.flag__title', '.flag__status', '.flag__message', '.flag__meta'].map((part) =>
        normalize(flag.querySelector(part)?.textContent ?? ''),
      ),
    );
    expect(flags).toEqual([
      [
        'Critical',
        'PHQ-9 item 9 positive: same-day clinician review',
        'Open',
        'PHQ-9 item 9 = 1',
        'Raised 5 Oct 2026, 10:00',
      ],
      [
        'Warning',
        'Diminishing response at the same or a higher dose',
        'Open',
        '24-h PHQ-9 improvement over the pre-dose score fell 9 -> 6 -> 2 points',
        'Raised 5 Oct 2026, 10:00 · session 2',
      ],
    ]);
    expect(byTestId('flag-rule-note')).toBe(
      'iA clinically reasonable proxy, not a published checklist',
    );
    expect(textOf(page(), '.flags-resolved summary')).toBe('Resolved flags (1)');
  });

  it.each<[Role, string[]]>([
    ['psychiatrist', ['Order session', 'Record PHQ-9']],
    ['nurse', ['Record PHQ-9']],
    ['manager', []],
  ])('offers a %s only the actions of their role', async (role, labels) => {
    await setUp(role);
    await answer();

    const links = Array.from(page().querySelectorAll('.patient-header__actions a'));
    expect(links.map((link) => normalize(link.textContent))).toEqual(labels);
    if (role === 'psychiatrist') {
      expect(links.map((link) => link.getAttribute('href'))).toEqual([
        `/record/session/${PATIENT_ID}`,
        `/record/phq9/${PATIENT_ID}`,
      ]);
    }
  });

  it('shows the latest C-SSRS risk in words with its date and the safety plan version, with links to screen (for the item-9 flag) and to the plan', async () => {
    await setUp('nurse');
    await answer();
    answerSuicideRisk(
      [
        aCssrs({ risk: 'moderate', administeredAt: '2026-10-06T09:30:00.000Z' }),
        aCssrs({ risk: 'high', administeredAt: '2026-10-01T09:30:00.000Z' }),
      ],
      aSafetyPlan({ version: 2, updatedAt: '2026-10-06T10:00:00.000Z' }),
    );
    await fixture.whenStable();

    expect(byTestId('suicide-risk-latest')).toBe(
      'Moderate risk 6 Oct 2026, 10:30 · Nora Nurse Psychiatrist review and a safety plan today.',
    );
    // Colour and words: the badge carries the level as text, the colour by its class.
    const badge = page().querySelector('[data-testid="suicide-risk-latest"] .risk-badge');
    expect(badge?.className).toContain('risk-badge--moderate');
    expect(byTestId('suicide-risk-plan')).toBe(
      'Version 2 · last reviewed 6 Oct 2026, 11:00 by Nora Nurse',
    );
    const item9 = FLAGS[1];
    // A screener since the item-9 flag: recording another is no longer the first action.
    expect(byTestId('suicide-risk-record')).toBe('Record C-SSRS screener');
    expect(page().querySelector('[data-testid="suicide-risk-record"]')?.className).toContain(
      'button--secondary',
    );
    expect(page().querySelector('[data-testid="suicide-risk-record"]')?.getAttribute('href')).toBe(
      `/patients/${PATIENT_ID}/cssrs/new?flagId=${item9.id}`,
    );
    expect(
      page().querySelector('[data-testid="suicide-risk-open-plan"]')?.getAttribute('href'),
    ).toBe(`/patients/${PATIENT_ID}/safety-plan`);
    // The item-9 flag's card leads to the screener too; the other flags do not.
    const screen = page().querySelectorAll(
      '[data-testid="flag"] [data-testid="flag-screen-cssrs"]',
    );
    expect(screen).toHaveLength(1);
    expect(screen[0].getAttribute('href')).toBe(
      `/patients/${PATIENT_ID}/cssrs/new?flagId=${item9.id}`,
    );
  });

  it('makes "Screen with C-SSRS" the first action while an item-9 flag has no screener after it', async () => {
    await setUp('psychiatrist');
    await answer();
    // The only screener predates the flag (raised 5 Oct).
    answerSuicideRisk([aCssrs({ risk: 'low', administeredAt: '2026-09-20T09:30:00.000Z' })], null);
    await fixture.whenStable();

    const record = page().querySelector('[data-testid="suicide-risk-record"]');
    expect(normalize(record?.textContent ?? '')).toBe('Screen with C-SSRS (item-9 flag)');
    expect(record?.className).toContain('button--primary');
    expect(byTestId('suicide-risk-plan')).toBe('None written.');
    expect(byTestId('suicide-risk-open-plan')).toBe('Open safety plan');
  });

  it('shows a manager the suicide-risk panel read only: no screener link, "View safety plan"', async () => {
    await setUp('manager');
    await answer();
    answerSuicideRisk([], null);
    await fixture.whenStable();

    expect(byTestId('suicide-risk-latest')).toBe('None recorded.');
    expect(byTestId('suicide-risk-plan')).toBe('None written.');
    expect(page().querySelector('[data-testid="suicide-risk-record"]')).toBeNull();
    expect(page().querySelector('[data-testid="flag-screen-cssrs"]')).toBeNull();
    expect(byTestId('suicide-risk-open-plan')).toBe('View safety plan');
  });

  it('links a session in progress to its monitoring screen', async () => {
    await setUp('nurse');
    const inProgress = aSession({
      id: 's3',
      sessionNumber: 3,
      startedAt: '2026-10-09T09:00:00.000Z',
      status: 'in_progress',
      readyAt: null,
      dischargedAt: null,
    });
    await answer({ sessionList: [inProgress, S2, S1] });

    const monitor = query(page(), '[data-testid="action-monitor-session"]', HTMLAnchorElement);
    expect(monitor.getAttribute('href')).toBe('/board/session/s3');
    expect(rows('sessions-table')[0][4]).toBe('In progress Not ready yet Monitor session 3');
  });

  describe('entered in error', () => {
    const phq9Rows = (): HTMLElement[] =>
      Array.from(page().querySelectorAll<HTMLElement>('[data-testid="phq9-table"] tbody tr'));
    const form = (): HTMLElement | null =>
      page().querySelector('[data-testid="mark-in-error-form"]');
    const reasonField = (): HTMLTextAreaElement =>
      query(page(), '[data-testid="mark-in-error-reason"]', HTMLTextAreaElement);
    const markButtons = (testId: string): HTMLButtonElement[] =>
      Array.from(
        page().querySelectorAll<HTMLButtonElement>(
          `[data-testid="${testId}"] [data-testid="mark-in-error-button"]`,
        ),
      );
    const MARK = {
      at: '2026-10-07T12:00:00.000Z',
      by: 'u-nurse',
      byName: 'Nora Nurse',
      reason: 'Answers of another patient',
    };

    it('lets a nurse mark a PHQ-9: says what changes, needs a reason, Escape cancels, then the record reloads in place with the mark and without the point', async () => {
      await setUp('nurse');
      await answer();
      // Sessions are the psychiatrist's to mark; the other records are the nurse's too.
      expect(markButtons('sessions-table')).toHaveLength(0);
      expect(markButtons('phq9-table')).toHaveLength(4);
      const course = FakeChart.instances[1];
      expect(course.data.datasets[0]['data']).toHaveLength(3);

      const button = markButtons('phq9-table')[0];
      expect(button.getAttribute('aria-label')).toBe(
        'Mark the PHQ-9 of 6 Oct 2026, 09:00 entered in error',
      );
      button.click();
      await fixture.whenStable();
      expect(button.getAttribute('aria-expanded')).toBe('true');
      expect(normalize(form()?.textContent ?? '')).toContain(
        'Mark entered in error: PHQ-9 of 6 Oct 2026, 09:00, total 9',
      );
      expect(form()?.textContent).toContain('leaves the scores, the charts, the response');
      expect(document.activeElement).toBe(reasonField());

      // Escape closes the form and gives the focus back to the button.
      reasonField().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await fixture.whenStable();
      expect(form()).toBeNull();
      expect(document.activeElement).toBe(markButtons('phq9-table')[0]);

      markButtons('phq9-table')[0].click();
      await fixture.whenStable();
      // The reason is required.
      query(page(), '[data-testid="mark-in-error-confirm"]', HTMLButtonElement).click();
      await fixture.whenStable();
      httpTesting.expectNone((r) => r.url.endsWith('/entered-in-error'));
      expect(textOf(form() as HTMLElement, '.field__error')).toBe(
        'Give the reason the record is wrong (at least 3 characters)',
      );
      expect(reasonField().getAttribute('aria-invalid')).toBe('true');

      reasonField().value = ' Answers of another patient ';
      reasonField().dispatchEvent(new Event('input'));
      query(page(), '[data-testid="mark-in-error-confirm"]', HTMLButtonElement).click();
      await fixture.whenStable();
      const mark = httpTesting.expectOne(`/api/v1/phq9/${PHQ9[0].id}/entered-in-error`);
      expect(mark.request.method).toBe('POST');
      expect(mark.request.body).toEqual({ reason: 'Answers of another patient' });
      expect(mark.request.headers.has('If-Match')).toBe(false);
      mark.flush({ resourceType: 'phq9', id: PHQ9[0].id, enteredInError: MARK });
      await fixture.whenStable();

      // The record is fetched again without blanking the page.
      expect(byTestId('patient-loading')).toBeNull();
      const marked = [{ ...PHQ9[0], enteredInError: MARK }, ...PHQ9.slice(1)];
      await answer({ phq9List: marked });

      expect(byTestId('patient-announcement')).toBe('PHQ-9 marked entered in error.');
      expect(phq9Rows()[0].className).toContain('row--entered-in-error');
      expect(phq9Rows()[0].className).not.toContain('row--alert');
      expect(textOf(phq9Rows()[0], '[data-testid="entered-in-error"]')).toBe(
        'Entered in error “Answers of another patient” Nora Nurse, 7 Oct 2026, 13:00',
      );
      expect(markButtons('phq9-table')).toHaveLength(3);
      // The course chart and the latest PHQ-9 no longer use it.
      expect(course.data.datasets[0]['data']).toHaveLength(2);
      expect(
        Array.from(page().querySelectorAll('[data-testid="course-summary"] .tile'))
          .map((tile) => normalize(tile.textContent))
          .find((text) => text.startsWith('Latest PHQ-9')),
      ).toContain('12 Moderate');
    });

    it('sends the session version as If-Match; on 412 says someone else changed it and keeps the reason', async () => {
      await setUp('psychiatrist');
      await answer();
      markButtons('sessions-table')[0].click();
      await fixture.whenStable();
      expect(form()?.textContent).toContain('its dose and number leave the course');
      reasonField().value = 'Ordered on the wrong chart';
      reasonField().dispatchEvent(new Event('input'));
      query(page(), '[data-testid="mark-in-error-confirm"]', HTMLButtonElement).click();
      await fixture.whenStable();

      const mark = httpTesting.expectOne(`/api/v1/sessions/${S2.id}/entered-in-error`);
      expect(mark.request.headers.get('If-Match')).toBe(`"${String(S2.version)}"`);
      mark.flush(
        { statusCode: 412, error: 'Precondition Failed', message: 'The record has changed' },
        { status: 412, statusText: 'Precondition Failed' },
      );
      await fixture.whenStable();
      await answer();

      expect(textOf(page(), '[data-testid="mark-in-error-stale"]')).toBe(
        'Someone else changed this session while you were writing. It has been reloaded: check it, then submit again. Your reason is kept.',
      );
      expect(reasonField().value).toBe('Ordered on the wrong chart');
    });

    it('shows a session entered in error struck through, out of the course summary; managers get no action', async () => {
      await setUp('manager');
      const marked = { ...S2, enteredInError: { ...MARK, reason: 'Wrong patient' } };
      await answer({ sessionList: [marked, S1] });

      expect(markButtons('sessions-table')).toHaveLength(0);
      expect(markButtons('phq9-table')).toHaveLength(0);
      const sessionRows = Array.from(
        page().querySelectorAll<HTMLElement>('[data-testid="sessions-table"] tbody tr'),
      );
      expect(sessionRows[0].className).toContain('row--entered-in-error');
      expect(textOf(sessionRows[0], '[data-testid="entered-in-error"]')).toContain(
        '“Wrong patient”',
      );
      expect(
        Array.from(page().querySelectorAll('[data-testid="course-summary"] .tile'))
          .map((tile) => normalize(tile.textContent))
          .find((text) => text.startsWith('Sessions')),
      ).toBe('Sessions1 1 Oct 2026 – 1 Oct 2026');
    });
  });

  it('says when the patient is not found (or of another clinic)', async () => {
    await setUp();
    await answer({ patient: 404 });

    expect(byTestId('patient-not-found')).toContain('Patient not found');
  });

  it('offers Retry when the record cannot be loaded', async () => {
    await setUp();
    await answer({ patient: 500 });
    expect(byTestId('patient-error')).toContain('could not be loaded');

    query(page(), '[data-testid="patient-error"] button', HTMLButtonElement).click();
    await fixture.whenStable();
    await answer();

    expect(textOf(page(), 'h1')).toBe('Nettle, Max');
  });

  it('shows the rest of the record when one part fails', async () => {
    await setUp();
    await answer({ sessions: 500 });

    expect(textOf(page(), 'h1')).toBe('Nettle, Max');
    expect(page().textContent).toContain('Sessions could not be loaded.');
    expect(rows('phq9-table')).toHaveLength(4);
  });

  it('says when the clinic’s thresholds could not be read', async () => {
    await setUp();
    await answer({ thresholds: 500 });

    expect(page().textContent).toContain("The clinic's thresholds could not be read");
  });

  it('has no response chart before the first session', async () => {
    await setUp();
    const patient = httpTesting.expectOne(`/api/v1/patients/${PATIENT_ID}`);
    patient.flush(PATIENT);
    httpTesting
      .expectOne(`/api/v1/clinics/${RIVERSIDE.id}/thresholds`)
      .flush({ clinicId: RIVERSIDE.id, thresholds: DEFAULT_THRESHOLDS, overrides: {}, version: 1 });
    const empty = { items: [], total: 0 };
    httpTesting.expectOne((r) => r.url === url('/sessions')).flush(empty);
    httpTesting.expectOne((r) => r.url === url('/phq9')).flush(empty);
    httpTesting
      .expectOne(url('/response'))
      .flush(aResponse({ baseline: null, status: 'no_baseline', bestChangePct: null }));
    httpTesting.expectOne((r) => r.url === url('/courses')).flush(empty);
    httpTesting.expectOne((r) => r.url === url('/side-effects')).flush(empty);
    httpTesting.expectOne((r) => r.url === url('/risk-events')).flush(empty);
    httpTesting.expectOne((r) => r.url === '/api/v1/flags').flush(empty);
    await fixture.whenStable();

    expect(byTestId('response-chart-empty')).toBe(
      'No session yet: the chart starts with the first dose.',
    );
    expect(byTestId('sessions-empty')).toBe('No session has been ordered yet.');
    expect(byTestId('phq9-empty')).toBe('No PHQ-9 has been recorded yet.');
    expect(byTestId('flags-empty')).toBe('No flag has been raised for this patient.');
    expect(FakeChart.instances).toHaveLength(0);
  });

  describe('treatment courses', () => {
    const ENDED = aCourse({
      id: 'course-1',
      kind: 'initial',
      phase: 'ended',
      startedAt: '2026-01-05T09:00:00.000Z',
      firstSessionAt: '2026-01-06T09:00:00.000Z',
      maintenanceAt: '2026-02-01T09:00:00.000Z',
      endedAt: '2026-05-01T09:00:00.000Z',
      endReason: 'completed',
      endNote: 'Remission held',
      nextDue: null,
    });
    const ACTIVE = aCourse({
      id: 'course-2',
      kind: 'reinduction',
      phase: 'induction',
      startedAt: '2026-09-30T09:00:00.000Z',
      firstSessionAt: '2026-10-01T09:00:00.000Z',
      version: 4,
      overrideReason: 'Allergist cleared the 2019 rash',
      screening: aScreening({
        result: 'eligible_with_warnings',
        relative: ['uncontrolled_hypertension'],
        notes: { uncontrolled_hypertension: 'BP 150/95, on amlodipine' },
        validUntil: '2026-10-31T09:00:00.000Z',
      }),
    });
    const tagged = [
      { ...S2, courseId: 'course-2' },
      { ...S1, courseId: 'course-2' },
      { ...aSession({ id: 's3', sessionNumber: 3, status: 'ordered' }), courseId: 'course-2' },
    ];

    it('shows each course with its phases, the active one’s sessions, next due and screening', async () => {
      await setUp();
      await answer({ courses: [ENDED, ACTIVE], sessionList: tagged });

      const courses = page().querySelectorAll('[data-testid="course"]');
      expect(Array.from(courses, (c) => c.getAttribute('data-course-id'))).toEqual([
        'course-2',
        'course-1',
      ]);
      expect(normalize(courses[0].querySelector('h3')?.textContent ?? '')).toBe(
        'Re-induction · IV ketamine 0.5 mg/kg Induction',
      );
      expect(
        normalize(courses[1].querySelector('[data-testid="course-phases"]')?.textContent ?? ''),
      ).toBe(
        'Induction from 6 Jan 2026 Maintenance from 1 Feb 2026 Ended 1 May 2026: Completed (Remission held)',
      );
      expect(byTestId('course-sessions')).toBe('Sessions: 2 given, 1 ordered and not yet given.');
      expect(byTestId('course-next-due')).toBe(
        'Next due from 6 Oct 2026: 0.5 mg/kg (session 3 of 6 of induction; at most 3 in 7 days). Allowed doses: 0.5, 0.6, 0.7 or 0.75 mg/kg.',
      );
      expect(byTestId('course-screening')).toContain('Eligible with warnings');
      expect(byTestId('course-screening')).toContain(
        'Uncontrolled hypertension: BP 150/95, on amlodipine',
      );
      expect(byTestId('course-override')).toContain('Allergist cleared the 2019 rash');
      // An ended course has no actions; the active one can move on or end.
      expect(courses[1].querySelector('button')).toBeNull();
      expect(page().querySelector('[data-testid="course-action-start"]')).toBeNull();
    });

    it('offers psychiatrists a screening and "Start course" without an active course; nurses see no actions', async () => {
      await setUp();
      await answer({ courses: [ENDED] });
      const start = query(page(), '[data-testid="course-action-start"]', HTMLAnchorElement);
      expect(start.getAttribute('href')).toBe(`/record/course/${PATIENT_ID}`);
      expect(
        query(page(), '[data-testid="course-action-screening"]', HTMLAnchorElement).getAttribute(
          'href',
        ),
      ).toBe(`/record/screening/${PATIENT_ID}`);
    });

    it('shows nurses the courses without actions', async () => {
      await setUp('nurse');
      await answer({ courses: [ACTIVE] });
      expect(page().querySelector('[data-testid="course"]')).not.toBeNull();
      expect(page().querySelector('[data-testid="course-actions"]')).toBeNull();
      expect(page().querySelector('[data-testid="course-action-end"]')).toBeNull();
    });

    it('ends the active course with a reason (If-Match) and reloads the record', async () => {
      await setUp();
      await answer({ courses: [ACTIVE] });

      query(page(), '[data-testid="course-action-end"]', HTMLButtonElement).click();
      await fixture.whenStable();
      const form = (): HTMLElement => query(page(), '[data-testid="course-end-form"]', HTMLElement);
      query(form(), 'button[type="submit"]', HTMLButtonElement).click();
      await fixture.whenStable();
      expect(textOf(page(), '#course-end-reason-error')).toBe('Choose why the course ends');
      httpTesting.expectNone(`/api/v1/courses/course-2/end`);

      const select = query(form(), 'select', HTMLSelectElement);
      select.value = 'nonresponse';
      select.dispatchEvent(new Event('change'));
      const note = query(form(), 'textarea', HTMLTextAreaElement);
      note.value = 'No change after 6 infusions';
      note.dispatchEvent(new Event('input'));
      query(form(), 'button[type="submit"]', HTMLButtonElement).click();
      await fixture.whenStable();

      const end = httpTesting.expectOne('/api/v1/courses/course-2/end');
      expect(end.request.body).toEqual({
        reason: 'nonresponse',
        note: 'No change after 6 infusions',
      });
      expect(end.request.headers.get('If-Match')).toBe('"4"');
      end.flush({ ...ACTIVE, phase: 'ended' });
      await fixture.whenStable();
      expect(byTestId('patient-announcement')).toBe('Course ended.');
      // The record reloads in place.
      await answer({
        courses: [
          {
            ...ACTIVE,
            phase: 'ended',
            endReason: 'nonresponse',
            endedAt: '2026-10-09T09:00:00.000Z',
            nextDue: null,
          },
        ],
      });
      expect(byTestId('course-ended')).toContain('No response');
    });

    it('moves a course to maintenance and shows the server’s refusal', async () => {
      await setUp();
      await answer({ courses: [ACTIVE] });

      query(page(), '[data-testid="course-action-maintenance"]', HTMLButtonElement).click();
      await fixture.whenStable();
      const form = query(page(), '[data-testid="course-maintenance-form"]', HTMLElement);
      query(form, 'button[type="submit"]', HTMLButtonElement).click();
      await fixture.whenStable();

      const phase = httpTesting.expectOne('/api/v1/courses/course-2/phase');
      expect(phase.request.body).toEqual({ phase: 'maintenance' });
      phase.flush(
        { statusCode: 400, message: ['reason is required before the induction count (2 of 6)'] },
        { status: 400, statusText: 'Bad Request' },
      );
      await fixture.whenStable();
      expect(textOf(page(), '#course-maintenance-reason-error')).toBe(
        'Reason is required before the induction count (2 of 6)',
      );
    });

    it('switches the response chart between courses, the latest by default', async () => {
      await setUp();
      await answer({ courses: [ENDED, ACTIVE] });

      const select = query(page(), '[data-testid="response-course"]', HTMLSelectElement);
      expect(select.value).toBe('course-2');
      expect(Array.from(select.options, (o) => normalize(o.textContent))).toEqual([
        'Re-induction, IV ketamine 0.5 mg/kg, from 30 Sept 2026',
        'Initial course, IV ketamine 0.5 mg/kg, from 5 Jan 2026',
      ]);

      select.value = 'course-1';
      select.dispatchEvent(new Event('change'));
      await fixture.whenStable();
      expect(byTestId('response-chart-loading')).toContain('Loading');
      const response = httpTesting.expectOne((r) => r.url === url('/response'));
      expect(response.request.params.get('courseId')).toBe('course-1');
      response.flush({ ...RESPONSE, courseId: 'course-1', sessions: [RESPONSE.sessions[0]] });
      await fixture.whenStable();
      // The chart is drawn again from the chosen course's response: its one session.
      const live = FakeChart.instances.filter((chart) => !chart.destroyed);
      expect(live.map((chart) => chart.data.datasets.map((d) => d['label']))).toContainEqual([
        'Session 1',
      ]);
    });

    it('draws the PHQ-9 course chart of the chosen course only: its sessions numbered within it, its PHQ-9s', async () => {
      const S0 = {
        ...aSession({ id: 's0', sessionNumber: 1, startedAt: '2026-01-06T09:00:00.000Z' }),
        courseId: 'course-1',
        courseSessionNumber: 1,
      };
      const inCourse2 = [
        { ...S2, sessionNumber: 3, courseId: 'course-2', courseSessionNumber: 2 },
        { ...S1, sessionNumber: 2, courseId: 'course-2', courseSessionNumber: 1 },
      ];
      const old = aPhq9({ id: 'phq9-old', administeredAt: '2026-01-07T09:00:00.000Z', total: 18 });
      await setUp();
      await answer({
        courses: [ENDED, ACTIVE],
        sessionList: [...inCourse2, S0],
        phq9List: [...PHQ9, old],
        response: { ...RESPONSE, courseId: 'course-2' },
      });
      /** The course chart's doses (session numbers) and PHQ-9 times, from the live chart. */
      const courseChart = () => {
        const chart = FakeChart.instances
          .filter((c) => !c.destroyed)
          .find((c) =>
            c.data.datasets.some((d) => (d['data'] as object[]).some((point) => 'doseMg' in point)),
          );
        const points = (chart?.data.datasets ?? []).flatMap((d) => d['data'] as object[]);
        return {
          doses: points
            .filter((p): p is { sessionNumber: number } => 'doseMg' in p)
            .map((p) => p.sessionNumber),
          phq9: [
            ...new Set(
              points
                .filter((p): p is { administeredAt: string } => 'administeredAt' in p)
                .map((p) => p.administeredAt),
            ),
          ].sort(),
        };
      };
      // The latest course: its two sessions numbered 1 and 2, its PHQ-9s (not January's)
      expect(courseChart()).toEqual({
        doses: [1, 2],
        phq9: ['2026-09-28T09:00:00.000Z', '2026-10-02T09:00:00.000Z', '2026-10-06T08:00:00.000Z'],
      });

      const select = query(page(), '[data-testid="response-course"]', HTMLSelectElement);
      select.value = 'course-1';
      select.dispatchEvent(new Event('change'));
      await fixture.whenStable();
      httpTesting
        .expectOne((r) => r.url === url('/response'))
        .flush({ ...RESPONSE, courseId: 'course-1', sessions: [], baseline: null });
      await fixture.whenStable();
      // The first course: its one session and the PHQ-9s until the next course started
      expect(courseChart()).toEqual({
        doses: [1],
        phq9: ['2026-01-07T09:00:00.000Z', '2026-09-28T09:00:00.000Z'],
      });
    });

    it('has no switcher with one course, and says when the courses could not be loaded', async () => {
      await setUp();
      await answer({ courses: 500 });
      expect(page().querySelector('[data-testid="response-course"]')).toBeNull();
      expect(byTestId('courses-error')).toBe('The treatment courses could not be loaded.');
    });
  });
});
