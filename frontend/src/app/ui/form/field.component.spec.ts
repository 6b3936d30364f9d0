import { ChangeDetectionStrategy, Component, Injector, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { FIELD, type FieldError } from './field.component';
import { FormErrorsComponent } from './form-errors.component';
import { focusFirstInvalid } from './focus-first-invalid';
import { enterMovesOn } from './enter-moves-on';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [...FIELD, FormErrorsComponent],
  template: `
    <form (keydown.enter)="enter($event)">
      <app-form-errors [messages]="general()" heading="Not saved:" testId="errors" />
      <app-field label="MRN" controlId="mrn" hint="Unique in the clinic" [error]="mrnError()">
        <input appFieldControl />
      </app-field>
      <app-field label="Weight" controlId="weight" [optional]="true" [error]="weightError()">
        <span appFieldLabel class="unit">kg</span>
        <input appFieldControl />
        <p appFieldHint>For <strong>weight-based</strong> doses</p>
      </app-field>
      <button type="submit">Save</button>
    </form>
  `,
})
class HostComponent {
  readonly injector = inject(Injector);
  readonly general = signal<readonly string[]>([]);
  readonly mrnError = signal<FieldError>(null);
  readonly weightError = signal<FieldError>(null);

  enter(event: Event): void {
    const form = (event.target as HTMLElement).closest('form');
    if (form) enterMovesOn(event, form);
  }
}

describe('app-field, app-form-errors, focusFirstInvalid, enterMovesOn (ui/form)', () => {
  function render() {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;
    const byId = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`);
    return { fixture, root, byId, host: fixture.componentInstance };
  }

  it('labels the control and points it at the hint, without an error', () => {
    const { root, byId } = render();
    const mrn = byId('mrn');
    expect(root.querySelector('label[for="mrn"]')?.textContent?.trim()).toBe('MRN');
    expect(mrn?.getAttribute('aria-describedby')).toBe('mrn-hint');
    expect(mrn?.hasAttribute('aria-invalid')).toBe(false);
    expect(byId('mrn-hint')?.textContent).toBe('Unique in the clinic');
    expect(
      root.querySelector('label[for="weight"]')?.textContent?.replace(/\s+/g, ' ').trim(),
    ).toBe('Weight optional kg');
    // A hint with markup takes the hint id the control points to.
    expect(byId('weight')?.getAttribute('aria-describedby')).toBe('weight-hint');
    expect(byId('weight-hint')?.textContent).toBe('For weight-based doses');
    expect(root.querySelector('[data-testid="errors"]')).toBeNull();
  });

  it('shows the message(s), marks the control invalid and describes it by hint and message', () => {
    const { fixture, byId, host } = render();
    host.mrnError.set(['MRN is taken.', 'Check the number.']);
    fixture.detectChanges();
    const mrn = byId('mrn');
    expect(mrn?.getAttribute('aria-invalid')).toBe('true');
    expect(mrn?.getAttribute('data-error-target')).toBe('true');
    expect(mrn?.getAttribute('aria-describedby')).toBe('mrn-hint mrn-error');
    expect(byId('mrn-error')?.textContent).toBe('MRN is taken. Check the number.');
    host.mrnError.set('');
    fixture.detectChanges();
    expect(byId('mrn-error')).toBeNull();
    expect(byId('mrn')?.hasAttribute('aria-invalid')).toBe(false);
  });

  it('focusFirstInvalid focuses the first control in error, else the form’s own messages', async () => {
    const { fixture, root, byId, host } = render();
    host.weightError.set('Weight must be from 20 to 400 kg');
    host.general.set(['The server refused this.']);
    fixture.detectChanges();
    focusFirstInvalid(() => root, host.injector);
    fixture.detectChanges();
    await fixture.whenStable();
    expect(document.activeElement).toBe(byId('weight'));

    host.weightError.set(null);
    fixture.detectChanges();
    focusFirstInvalid(() => root, host.injector);
    fixture.detectChanges();
    await fixture.whenStable();
    expect(document.activeElement).toBe(root.querySelector('[data-testid="errors"]'));
  });

  it('Enter in a field moves to the next one; on the submit button it is left alone', () => {
    const { root, byId } = render();
    document.body.appendChild(root);
    const enter = (target: HTMLElement): boolean =>
      target.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
      );
    byId('mrn')?.focus();
    expect(enter(byId('mrn') as HTMLElement)).toBe(false);
    expect(document.activeElement).toBe(byId('weight'));
    expect(enter(byId('weight') as HTMLElement)).toBe(false);
    const save = root.querySelector('button') as HTMLButtonElement;
    expect(document.activeElement).toBe(save);
    expect(enter(save)).toBe(true);
    root.remove();
  });
});
