import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, textOf } from '../../../testing/dom';
import { PatientExportsComponent } from './patient-exports.component';

const PATIENT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('PatientExportsComponent', () => {
  let fixture: ComponentFixture<PatientExportsComponent>;
  let http: HttpTestingController;
  const clicked: { href: string; download: string }[] = [];

  beforeEach(() => {
    clicked.length = 0;
    // jsdom has no object URLs nor downloads: record what the browser would be asked to save.
    URL.createObjectURL = jest.fn(() => 'blob:export');
    URL.revokeObjectURL = jest.fn();
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });
    TestBed.configureTestingModule({
      imports: [PatientExportsComponent],
      providers: [...provideTestApp()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientExportsComponent);
    fixture.componentRef.setInput('patientId', PATIENT_ID);
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.restoreAllMocks();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;

  it('downloads the records as CSV with the session token, and says so', () => {
    buttonLabelled(page(), 'Download records (CSV)').click();
    fixture.detectChanges();
    expect(buttonLabelled(page(), 'Preparing CSV…').disabled).toBe(true);
    const request = http.expectOne(`/api/v1/patients/${PATIENT_ID}/records.csv`);
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['record_type\r\n'], { type: 'text/csv' }));
    fixture.detectChanges();
    expect(clicked).toEqual([
      { href: 'blob:export', download: `patient-${PATIENT_ID}-records.csv` },
    ]);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:export');
    expect(textOf(page(), '[data-testid="export-status"]')).toBe('Records downloaded (CSV).');
  });

  it('downloads the FHIR bundle, and reports a failure without a dead end', () => {
    buttonLabelled(page(), 'Download FHIR R4 bundle').click();
    http
      .expectOne(`/api/v1/patients/${PATIENT_ID}/fhir`)
      .flush(new Blob(['{}']), { status: 500, statusText: 'Server Error' });
    fixture.detectChanges();
    expect(clicked).toEqual([]);
    expect(textOf(page(), '[data-testid="export-status"]')).toBe(
      'The export could not be prepared. Try again.',
    );
    expect(buttonLabelled(page(), 'Download FHIR R4 bundle').disabled).toBe(false);
  });
});
