import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';

import { DateTimeInputComponent } from './date-time-input.component';
import { INVALID_DATE_TIME } from './date-time-text';
import { FIELD } from './field.component';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [...FIELD, DateTimeInputComponent, ReactiveFormsModule],
  template: `
    <app-field label="Time given" controlId="given" hint="Clinic time" [error]="pageError()">
      <app-date-time-input
        kind="datetime"
        [value]="given()"
        (valueChange)="given.set($event)"
        (committed)="committed.push($event)"
      />
    </app-field>
    <app-field label="Onset" controlId="onset">
      <app-date-time-input kind="time" [value]="onset()" (valueChange)="onset.set($event)" />
    </app-field>
    <app-field label="Birth date" controlId="born">
      <app-date-time-input kind="date" [formControl]="born" />
    </app-field>
  `,
})
class HostComponent {
  readonly given = signal('2026-12-02T14:05');
  readonly onset = signal('');
  readonly pageError = signal<string | null>(null);
  readonly committed: string[] = [];
  readonly born = new FormControl('1979-11-02', { nonNullable: true });
}

describe('app-date-time-input (ui/form)', () => {
  function render() {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;
    const box = (id: string): HTMLInputElement => {
      const element = root.querySelector<HTMLInputElement>(`#${id}`);
      if (!element) throw new Error(`no #${id}`);
      return element;
    };
    const type = (id: string, text: string): void => {
      box(id).value = text;
      box(id).dispatchEvent(new Event('input'));
      fixture.detectChanges();
    };
    const leave = (id: string): void => {
      box(id).dispatchEvent(new Event('change'));
      box(id).dispatchEvent(new Event('blur'));
      fixture.detectChanges();
    };
    const error = (id: string) => root.querySelector(`#${id}-error`)?.textContent?.trim() ?? null;
    return { fixture, root, box, type, leave, error, host: fixture.componentInstance };
  }

  it('shows values day first and 24-hour, with the format, labelled by the field', () => {
    const { root, box } = render();
    expect(box('given').value).toBe('02/12/2026');
    expect(box('given-time').value).toBe('14:05');
    expect(box('born').value).toBe('02/11/1979');
    expect(box('onset').value).toBe('');
    for (const id of ['given', 'given-time', 'onset', 'born']) {
      expect(box(id).type).toBe('text');
      expect(box(id).getAttribute('inputmode')).toBe('numeric');
    }
    expect(box('given').placeholder).toBe('dd/mm/yyyy');
    expect(box('given-time').placeholder).toBe('hh:mm');
    expect(root.querySelector('label[for="given"]')?.textContent?.trim()).toBe('Time given');
    expect(box('given').getAttribute('aria-describedby')).toBe('given-day-format given-hint');
    expect(root.querySelector('#given-day-format')?.textContent).toBe('Day, dd/mm/yyyy');
    expect(box('given-time').getAttribute('aria-labelledby')).toBe('given-time-format');
    expect(root.querySelector('#given-time-format')?.textContent).toBe('Time, 24-hour hh:mm');
    expect(root.querySelector('label[for="onset"]')?.textContent?.trim()).toBe('Onset');
  });

  it('sends the value in the native formats as it is typed, and tidies the text when left', () => {
    const { host, type, leave, box } = render();
    type('given', '3/12/2026');
    expect(host.given()).toBe('2026-12-03T14:05');
    // The text being typed is not rewritten when the value comes back.
    expect(box('given').value).toBe('3/12/2026');
    type('given-time', '958');
    expect(host.given()).toBe('2026-12-03T09:58');
    leave('given-time');
    expect(box('given-time').value).toBe('09:58');
    expect(host.committed).toEqual(['2026-12-03T09:58']);
    type('given', '2026-12-04');
    expect(host.given()).toBe('2026-12-04T09:58');

    type('onset', '1058');
    expect(host.onset()).toBe('10:58');
    type('onset', '');
    expect(host.onset()).toBe('');
  });

  it('follows a value changed by the page', () => {
    const { host, fixture, box } = render();
    host.given.set('2027-01-05T08:00');
    fixture.detectChanges();
    expect(box('given').value).toBe('05/01/2027');
    expect(box('given-time').value).toBe('08:00');
  });

  it('reports unreadable text as the field’s message, never as a blank', () => {
    const { host, type, leave, error, box } = render();
    type('onset', '10:58 PM');
    expect(host.onset()).toBe(INVALID_DATE_TIME);
    // Not while typing: once the box is left.
    expect(error('onset')).toBeNull();
    leave('onset');
    expect(error('onset')).toBe('Enter the time as 24-hour hh:mm, e.g. 14:05.');
    expect(box('onset').getAttribute('aria-invalid')).toBe('true');
    expect(box('onset').getAttribute('aria-describedby')).toBe('onset-time-format onset-error');
    type('onset', '22:58');
    expect(error('onset')).toBeNull();
    expect(host.onset()).toBe('22:58');
    expect(box('onset').hasAttribute('aria-invalid')).toBe(false);

    // Month first is not a day: 12/31 has no month 31.
    type('given', '12/31/2026');
    leave('given');
    expect(error('given')).toBe('Enter the day as dd/mm/yyyy, e.g. 02/12/2026.');
    expect(host.given()).toBe(INVALID_DATE_TIME);
    expect(host.committed).toEqual([INVALID_DATE_TIME]);
    expect(box('given').getAttribute('aria-invalid')).toBe('true');
    expect(box('given-time').hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows the page’s own message on both boxes of a date and time', () => {
    const { host, fixture, error, box } = render();
    host.pageError.set('Time given must not be in the future');
    fixture.detectChanges();
    expect(error('given')).toBe('Time given must not be in the future');
    expect(box('given').getAttribute('aria-invalid')).toBe('true');
    expect(box('given-time').getAttribute('aria-invalid')).toBe('true');
  });

  it('works as a form control: value, validity, disabled', () => {
    const { host, type, leave, error, box, fixture } = render();
    type('born', '2/1/1980');
    expect(host.born.value).toBe('1980-01-02');
    expect(host.born.valid).toBe(true);
    type('born', '31/02/1980');
    expect(host.born.value).toBe(INVALID_DATE_TIME);
    expect(host.born.errors).toEqual({
      dateTime: 'Enter the day as dd/mm/yyyy, e.g. 02/12/2026.',
    });
    leave('born');
    expect(host.born.touched).toBe(true);
    expect(error('born')).toBe('Enter the day as dd/mm/yyyy, e.g. 02/12/2026.');
    host.born.setValue('1990-06-30');
    fixture.detectChanges();
    expect(box('born').value).toBe('30/06/1990');
    expect(host.born.valid).toBe(true);
    host.born.disable();
    fixture.detectChanges();
    expect(box('born').disabled).toBe(true);
  });
});
