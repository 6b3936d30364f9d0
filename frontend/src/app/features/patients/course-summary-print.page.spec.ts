import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type CourseSummaryDto, DEFAULT_THRESHOLDS } from '@clinic/shared';

import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { aCourse, aScreening, KETAMINE_IV } from '../../../testing/course-fixtures';
import { FakeChart } from '../../../testing/fake-chart';
import { RIVERSIDE } from '../../../testing/fixtures';
import { PATIENT_ID, aPoint, aResponse, aResponseSession } from '../../../testing/patient-fixtures';
import { provideTestApp } from '../../../testing/provide-test-app';
import { CourseSummaryPrintPage, phq9CategoryText } from './course-summary-print.page';

/** Chart.js stand-in that can also give its drawing as an image (the print chart reads it). */
class ImageChart extends FakeChart {
  static readonly IMAGE = 'data:image/png;base64,iVBORw0KGgo=';
  toBase64Image(): string {
    return ImageChart.IMAGE;
  }
}

jest.mock('../../charts/chart-registry', () => ({
  get Chart() {
    return ImageChart;
  },
}));

const COURSE_ID = 'c0000000-0000-4000-8000-000000000001';
const SUMMARY_URL = `/api/v1/patients/${PATIENT_ID}/course-summary`;
const THRESHOLDS_URL = `/api/v1/clinics/${RIVERSIDE.id}/thresholds`;

function aSummary(overrides: Partial<CourseSummaryDto> = {}): CourseSummaryDto {
  const session = aResponseSession({
    sessionId: 's1',
    sessionNumber: 1,
    startedAt: '2026-10-01T09:00:00.000Z',
    at24h: aPoint({ hoursSinceDose: 24, total: 9, changePct: -55 }),
    points: [aPoint({ hoursSinceDose: 24, total: 9, changePct: -55 })],
  });
  return {
    generatedAt: '2026-10-10T12:00:00.000Z',
    clinic: { id: RIVERSIDE.id, name: 'Riverside Clinic', timeZone: 'UTC' },
    patient: {
      id: PATIENT_ID,
      givenName: 'Ada',
      familyName: 'Quill',
      birthDate: '1974-04-09',
      sex: 'female',
      mrn: 'RS-0001',
    },
    course: aCourse({ id: COURSE_ID, sessionCount: 1 }),
    protocol: KETAMINE_IV,
    screening: {
      id: aScreening().id,
      screenedAt: '2026-09-25T09:00:00.000Z',
      result: 'eligible_with_warnings',
      consentAt: '2026-09-25T09:00:00.000Z',
      remsEnrolledAt: null,
      items: [
        {
          item: 'psychosis_or_mania',
          answer: 'yes',
          contraindication: 'relative',
          note: 'Remote history',
        },
      ],
      overrideReason: null,
      recordedByName: 'Dr Rivers',
    },
    sessions: [
      {
        id: 's1',
        sessionNumber: 4,
        courseSessionNumber: 1,
        status: 'discharged',
        startedAt: '2026-10-01T09:00:00.000Z',
        drug: 'ketamine',
        route: 'iv',
        doseMg: 35,
        doseMgPerKg: 0.5,
        weightKg: 70,
        infusionMinutes: 40,
        dischargedAt: '2026-10-01T11:00:00.000Z',
        retrospective: false,
      },
    ],
    phq9: [
      {
        id: 'phq9-baseline',
        administeredAt: '2026-09-28T09:00:00.000Z',
        total: 20,
        severity: 'severe',
        prorated: false,
        valid: true,
        recall: 'two_weeks',
        source: 'clinic',
        baseline: true,
        changePct: null,
        category: null,
      },
      {
        id: 'p2',
        administeredAt: '2026-10-02T09:00:00.000Z',
        total: 9,
        severity: 'mild',
        prorated: false,
        valid: true,
        recall: '24_hours',
        source: 'clinic',
        baseline: false,
        changePct: -55,
        category: 'response',
      },
    ],
    response: {
      ...aResponse({ status: 'response', bestChangePct: -55, sessions: [session] }),
      courseId: COURSE_ID,
    },
    sideEffects: [
      {
        id: 'e1',
        sessionId: 's1',
        courseSessionNumber: 1,
        type: 'hypertension',
        severity: 'severe',
        serious: true,
        seriousCriterion: 'hospitalisation',
        onsetAt: '2026-10-01T09:40:00.000Z',
      },
    ],
    flags: [
      {
        id: 'f1',
        rule: 'adverse.serious',
        title: 'Serious adverse event',
        category: 'adverse_event',
        severity: 'critical',
        status: 'resolved',
        message: 'Serious side effect: hypertension',
        sessionId: 's1',
        courseSessionNumber: 1,
        raisedAt: '2026-10-01T09:41:00.000Z',
        resolvedAt: '2026-10-02T10:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

describe('CourseSummaryPrintPage', () => {
  let fixture: ComponentFixture<CourseSummaryPrintPage>;
  let http: HttpTestingController;

  function setUp(courseId?: string): void {
    FakeChart.instances = [];
    TestBed.configureTestingModule({
      imports: [CourseSummaryPrintPage],
      providers: [...provideTestApp({ routes: [] })],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CourseSummaryPrintPage);
    fixture.componentRef.setInput('id', PATIENT_ID);
    fixture.componentRef.setInput('courseId', courseId);
    fixture.detectChanges();
  }

  async function load(summary = aSummary(), thresholdsFail = false): Promise<void> {
    const summaryReq = http.expectOne((r) => r.url === SUMMARY_URL);
    summaryReq.flush(summary);
    const thresholds = http.expectOne(THRESHOLDS_URL);
    if (thresholdsFail) {
      thresholds.flush('down', { status: 503, statusText: 'Unavailable' });
    } else {
      thresholds.flush({ clinicId: RIVERSIDE.id, thresholds: DEFAULT_THRESHOLDS });
    }
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  afterEach(() => {
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const rows = (testId: string): string[][] =>
    Array.from(page().querySelectorAll(`[data-testid="${testId}"] tbody tr`), (tr) =>
      Array.from(tr.children, (cell) => normalize(cell.textContent)),
    );

  it('asks for the course of the query (the latest without one) and says it is loading', () => {
    setUp(COURSE_ID);
    expect(textOf(page(), '[data-testid="course-summary-loading"]')).toBe(
      'Loading the course summary…',
    );
    const req = http.expectOne((r) => r.url === SUMMARY_URL);
    expect(req.request.params.get('courseId')).toBe(COURSE_ID);
    req.flush('', { status: 404, statusText: 'Not Found' });
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="course-summary-not-found"]')).not.toBeNull();
  });

  it('prints the patient, course, protocol in words, screening and tables', async () => {
    setUp();
    await load();
    expect(textOf(page(), '[data-testid="course-summary-patient"]')).toContain('Quill, Ada');
    expect(textOf(page(), '[data-testid="course-summary-patient"]')).toContain('9 Apr 1974');
    expect(textOf(page(), '[data-testid="course-summary-patient"]')).toContain('RS-0001');
    expect(page().textContent).toContain('Induction: 6 sessions within 21 days');
    expect(textOf(page(), '[data-testid="course-summary-screening"]')).toContain('Dr Rivers');
    expect(rows('course-summary-sessions')).toEqual([
      [
        '1',
        '1 Oct 2026, 09:00',
        'Ketamine, IV',
        '35 mg',
        '0.5 mg/kg',
        '40 min',
        'Discharged',
        '1 Oct 2026, 11:00',
      ],
    ]);
    expect(rows('course-summary-phq9').map((r) => [r[1], r[4], r[5]])).toEqual([
      ['20', '—', 'Course baseline'],
      ['9', '−55%', 'Response'],
    ]);
    expect(rows('course-summary-side-effects')[0]).toContain(
      'Serious: inpatient hospitalisation or its prolongation',
    );
    expect(rows('course-summary-flags')[0]).toEqual([
      '1 Oct 2026, 09:41 (session 1)',
      'Serious adverse event',
      'Critical',
      'Resolved 2 Oct 2026',
      'Serious side effect: hypertension',
    ]);
  });

  it('draws the response chart once, animation off, and prints it as an image', async () => {
    setUp();
    await load();
    expect(FakeChart.instances).toHaveLength(1);
    const chart = FakeChart.instances[0];
    expect(chart.options).toMatchObject({
      animation: false,
      responsive: false,
      devicePixelRatio: 2,
    });
    expect(chart.destroyed).toBe(true);
    const image = query(page(), '[data-testid="response-print-chart"]', HTMLImageElement);
    expect(image.getAttribute('src')).toBe(ImageChart.IMAGE);
    expect(image.alt).not.toBe('');
    expect(page().querySelector('app-response-print-chart canvas')).toBeNull();
  });

  it('still prints with the default lines when the clinic thresholds cannot be read', async () => {
    setUp();
    await load(aSummary(), true);
    expect(page().querySelector('[data-testid="response-print-chart"]')).not.toBeNull();
  });

  it('draws no chart for a course without sessions', async () => {
    setUp();
    await load(aSummary({ response: { ...aResponse({ sessions: [] }), courseId: COURSE_ID } }));
    expect(page().querySelector('[data-testid="course-summary-chart"]')).toBeNull();
    expect(FakeChart.instances).toHaveLength(0);
  });

  it('Print opens the browser’s print dialog', async () => {
    setUp();
    await load();
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
    buttonLabelled(page(), 'Print').click();
    expect(print).toHaveBeenCalledTimes(1);
    print.mockRestore();
  });

  it('a failure offers a retry', () => {
    setUp();
    http.expectOne((r) => r.url === SUMMARY_URL).flush('', { status: 500, statusText: 'Error' });
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="course-summary-error"]')).not.toBeNull();
    buttonLabelled(page(), 'Retry').click();
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === SUMMARY_URL)
      .flush('', { status: 404, statusText: 'Not Found' });
  });

  it.each([
    [{ baseline: true, valid: true, category: null }, 'Course baseline'],
    [{ baseline: false, valid: false, category: null }, 'Not scored (3 or more items missing)'],
    [{ baseline: false, valid: true, category: 'partial' }, 'Partial response'],
    [{ baseline: false, valid: true, category: null }, '—'],
  ] as const)('the category column: %o -> %s', (row, text) => {
    const base = aSummary().phq9[1];
    expect(phq9CategoryText({ ...base, ...row })).toBe(text);
  });
});
