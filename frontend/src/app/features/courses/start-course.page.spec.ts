import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import {
  BUILT_IN_PROTOCOLS,
  type CourseDto,
  type CreateCourseRequest,
  type ScreeningDto,
} from '@clinic/shared';

import {
  KETAMINE_IV,
  aClinicProtocol,
  aCourse,
  aScreening,
} from '../../../testing/course-fixtures';
import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { RIVERSIDE, aPatient } from '../../../testing/fixtures';
import { PATIENT_ID } from '../../../testing/patient-fixtures';
import { provideTestApp } from '../../../testing/provide-test-app';
import { StartCoursePage } from './start-course.page';

const DAY = 24 * 60 * 60 * 1000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString();

describe('StartCoursePage', () => {
  let fixture: ComponentFixture<StartCoursePage>;
  let httpTesting: HttpTestingController;
  let navigate: jest.SpyInstance;

  function setUp(
    options: { screenings?: ScreeningDto[]; courses?: CourseDto[]; screeningId?: string } = {},
  ): void {
    TestBed.configureTestingModule({
      imports: [StartCoursePage],
      providers: [...provideTestApp({ routes: [] })],
    });
    httpTesting = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(StartCoursePage);
    fixture.componentRef.setInput('patientId', PATIENT_ID);
    if (options.screeningId) fixture.componentRef.setInput('screeningId', options.screeningId);
    fixture.detectChanges();
    httpTesting
      .expectOne(`/api/v1/patients/${PATIENT_ID}`)
      .flush(aPatient({ id: PATIENT_ID, clinicId: RIVERSIDE.id }));
    const screenings = options.screenings ?? [
      aScreening({ id: 'scr-new', screenedAt: iso(-2), validUntil: iso(28) }),
    ];
    httpTesting
      .expectOne((r) => r.url === `/api/v1/patients/${PATIENT_ID}/screenings`)
      .flush({ items: screenings, total: screenings.length });
    const courses = options.courses ?? [];
    httpTesting
      .expectOne((r) => r.url === `/api/v1/patients/${PATIENT_ID}/courses`)
      .flush({ items: courses, total: courses.length });
    const protocols = httpTesting.expectOne((r) => r.url === '/api/v1/protocols');
    expect(protocols.request.params.get('clinicId')).toBe(RIVERSIDE.id);
    const list = [...BUILT_IN_PROTOCOLS, aClinicProtocol()];
    protocols.flush({ items: list, total: list.length });
    fixture.detectChanges();
  }

  afterEach(() => httpTesting.verify());

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): string | null => textOf(page(), `[data-testid="${id}"]`);

  function check(name: string, value: string): void {
    const radio = query(page(), `input[name="${name}"][value="${value}"]`, HTMLInputElement);
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  function start(): TestRequest[] {
    buttonLabelled(page(), 'Start course').click();
    fixture.detectChanges();
    return httpTesting.match({ method: 'POST', url: `/api/v1/patients/${PATIENT_ID}/courses` });
  }

  it('offers the valid screening and the protocols of its drug with their numbers in words', () => {
    setUp({
      screenings: [
        aScreening({ id: 'scr-old', screenedAt: iso(-40), validUntil: iso(-10) }),
        aScreening({ id: 'scr-new', screenedAt: iso(-2), validUntil: iso(28) }),
      ],
    });

    const screenings = page().querySelectorAll('input[name="course-screening"]');
    expect(Array.from(screenings, (r) => (r as HTMLInputElement).value)).toEqual(['scr-new']);
    expect((screenings[0] as HTMLInputElement).checked).toBe(true);
    expect(byTestId('course-screening')).toContain('Ketamine');
    expect(byTestId('course-screening')).toContain('Valid until');
    // Ketamine: the built-in IV template, then the clinic's copy; no esketamine protocol.
    const protocols = Array.from(
      page().querySelectorAll('input[name="course-protocol"]'),
      (r) => (r as HTMLInputElement).value,
    );
    expect(protocols).toEqual([KETAMINE_IV.id, aClinicProtocol().id]);
    expect(byTestId('course-protocol')).toContain(
      'Induction: 6 sessions within 21 days, at most 3 in any 7 days, at least 1 day apart.',
    );
    expect(byTestId('course-protocol')).toContain('Clinic protocol');
    // First course: initial.
    expect(
      query(page(), 'input[name="course-kind"][value="initial"]', HTMLInputElement).checked,
    ).toBe(true);
    expect(page().querySelector('[data-testid="course-override"]')).toBeNull();
  });

  it('asks for the protocol, then starts the course and opens the patient', () => {
    setUp();

    expect(start()).toHaveLength(0);
    expect(textOf(page(), '#course-protocol-error')).toBe('Choose the protocol of the course');

    check('course-protocol', aClinicProtocol().id);
    const [request] = start();
    expect(request.request.body as CreateCourseRequest).toEqual({
      protocolId: aClinicProtocol().id,
      screeningId: 'scr-new',
      kind: 'initial',
    });
    request.flush(aCourse());
    expect(navigate).toHaveBeenCalledWith(['/patients', PATIENT_ID]);
  });

  it('defaults to re-induction after a course ended', () => {
    setUp({ courses: [aCourse({ phase: 'ended', endReason: 'completed', endedAt: iso(-100) })] });

    expect(
      query(page(), 'input[name="course-kind"][value="reinduction"]', HTMLInputElement).checked,
    ).toBe(true);
  });

  it('requires an override reason for a contraindicated screening and sends it', () => {
    setUp({
      screenings: [
        aScreening({
          id: 'scr-ci',
          screenedAt: iso(-1),
          validUntil: iso(29),
          result: 'contraindicated',
          absolute: ['hypersensitivity'],
        }),
      ],
    });
    expect(textOf(page(), '.course-form__override')).toContain('screening.override');
    check('course-protocol', KETAMINE_IV.id);

    expect(start()).toHaveLength(0);
    expect(textOf(page(), '#course-override-error')).toBe(
      'Give the reason to start despite the contraindication',
    );

    const reason = query(page(), '[data-testid="course-override"]', HTMLTextAreaElement);
    reason.value = 'Mild rash with ketamine in 2019; allergist cleared';
    reason.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    const [request] = start();
    expect((request.request.body as CreateCourseRequest).overrideReason).toBe(
      'Mild rash with ketamine in 2019; allergist cleared',
    );
    request.flush(
      { statusCode: 422, message: ['The screening is older than 30 days'] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    fixture.detectChanges();
    expect(byTestId('course-form-errors')).toContain('The screening is older than 30 days');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('sends a patient with a course that has not ended to end it first', () => {
    setUp({ courses: [aCourse({ phase: 'maintenance', maintenanceAt: iso(-10) })] });

    expect(byTestId('course-active')).toContain('has a course that has not ended');
    const link = query(page(), '[data-testid="course-active-end"]', HTMLAnchorElement);
    expect(link.getAttribute('href')).toBe(`/patients/${PATIENT_ID}#courses`);
    expect(page().querySelector('[data-testid="course-form"]')).toBeNull();
  });

  it('without a valid screening, links to the screening form', () => {
    setUp({ screenings: [aScreening({ validUntil: iso(-1) })] });

    const link = query(page(), '[data-testid="course-screen-first"]', HTMLAnchorElement);
    expect(link.getAttribute('href')).toBe(`/record/screening/${PATIENT_ID}`);
    expect(normalize(byTestId('course-no-screening') ?? '')).toContain('No valid screening');
  });
});
