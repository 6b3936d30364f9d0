import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CreateSideEffectRequest, SideEffectDto } from '@clinic/shared';

import { provideTestApp } from '../../../testing/provide-test-app';
import { buttonLabelled, normalize, query, textOf } from '../../../testing/dom';
import { aSideEffect } from '../../../testing/patient-fixtures';
import { SideEffectFormComponent } from './side-effect-form.component';

const SESSION_ID = '5e550000-0000-4000-8000-000000000001';
const URL = `/api/v1/sessions/${SESSION_ID}/side-effects`;

describe('SideEffectFormComponent', () => {
  let fixture: ComponentFixture<SideEffectFormComponent>;
  let http: HttpTestingController;
  let recorded: SideEffectDto[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-26T14:05:30.000Z') });
    TestBed.configureTestingModule({
      imports: [SideEffectFormComponent],
      providers: [...provideTestApp()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SideEffectFormComponent);
    fixture.componentRef.setInput('sessionId', SESSION_ID);
    fixture.componentRef.setInput('now', Date.now());
    fixture.componentRef.setInput('timeZone', 'UTC');
    recorded = [];
    fixture.componentInstance.recorded.subscribe((effect) => recorded.push(effect));
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const choose = (id: string, value: string): void => {
    const select = query(page(), `#${id}`, HTMLSelectElement);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  };
  const click = (element: HTMLElement): void => {
    element.click();
    fixture.detectChanges();
  };
  const serious = (): HTMLInputElement => query(page(), '#se-serious', HTMLInputElement);
  const save = (): TestRequest[] => {
    click(buttonLabelled(page(), 'Save side effect'));
    return http.match(URL);
  };
  const fillMild = (): void => {
    choose('se-type', 'dizziness');
    click(query(page(), 'input[name="se-severity"][value="mild"]', HTMLInputElement));
  };

  it('explains that serious is not severe, and asks for the criterion only once ticked', () => {
    expect(normalize(textOf(page(), '#se-serious-hint') ?? '')).toContain(
      'Serious is not the same as severe',
    );
    expect(textOf(page(), '#se-serious-hint')).toContain('21 CFR 312.32');
    expect(page().querySelector('#se-criterion')).toBeNull();
    click(serious());
    const options = Array.from(query(page(), '#se-criterion', HTMLSelectElement).options).map(
      (option) => normalize(option.textContent),
    );
    expect(options).toEqual([
      'Choose…',
      'Death',
      'Life-threatening',
      'Inpatient hospitalisation or its prolongation',
      'Persistent or significant incapacity',
      'Congenital anomaly or birth defect',
      'Another important medical event',
    ]);
  });

  it('requires the criterion of a serious side effect before saving', () => {
    fillMild();
    click(serious());
    expect(save()).toHaveLength(0);
    expect(textOf(page(), '#se-criterion-error')).toBe('Choose what made it serious.');
    expect(query(page(), '#se-criterion', HTMLSelectElement).getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it('sends serious with its criterion, and says so once saved', () => {
    fillMild();
    click(serious());
    choose('se-criterion', 'hospitalisation');
    const [request] = save();
    expect(request.request.body).toEqual({
      type: 'dizziness',
      severity: 'mild',
      onsetAt: '2026-11-26T14:05:30.000Z',
      serious: true,
      seriousCriterion: 'hospitalisation',
    } satisfies CreateSideEffectRequest);
    request.flush(
      aSideEffect({
        type: 'dizziness',
        severity: 'mild',
        onsetAt: '2026-11-26T14:05:30.000Z',
        serious: true,
        seriousCriterion: 'hospitalisation',
      }),
      { status: 201, statusText: 'Created' },
    );
    fixture.detectChanges();
    expect(recorded).toHaveLength(1);
    expect(textOf(page(), '.se__saved')).toBe(
      'Side effect saved: Dizziness, mild, from 14:05. Serious: inpatient hospitalisation or its prolongation.',
    );
    expect(serious().checked).toBe(false);
    expect(page().querySelector('#se-criterion')).toBeNull();
  });

  it('sends no serious fields when unticked (the default is not serious)', () => {
    fillMild();
    click(serious());
    choose('se-criterion', 'death');
    click(serious());
    const [request] = save();
    expect(request.request.body).toEqual({
      type: 'dizziness',
      severity: 'mild',
      onsetAt: '2026-11-26T14:05:30.000Z',
    } satisfies CreateSideEffectRequest);
    request.flush(aSideEffect(), { status: 201, statusText: 'Created' });
  });
});
