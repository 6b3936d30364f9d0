import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { query } from '../../testing/dom';
import { type FilterOption, FilterSelectComponent } from './filter-select.component';

type Colour = 'red' | 'green';

@Component({
  imports: [FilterSelectComponent],
  template: `
    <app-filter-select
      label="Colour"
      allLabel="All colours"
      selectId="colour"
      [options]="options"
      [value]="value()"
      (valueChange)="chosen.push($event); value.set($event)"
    />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly options: FilterOption<Colour>[] = [
    { value: 'red', label: 'Red' },
    { value: 'green', label: 'Green' },
  ];
  readonly value = signal<Colour | null>(null);
  readonly chosen: (Colour | null)[] = [];
}

describe('FilterSelectComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  const select = (): HTMLSelectElement =>
    query(fixture.nativeElement as HTMLElement, 'select', HTMLSelectElement);

  beforeEach(() => {
    fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
  });

  it('is labelled, and starts with "All <things>" chosen', () => {
    const label = query(fixture.nativeElement as HTMLElement, 'label', HTMLLabelElement);
    expect(label.textContent.trim()).toBe('Colour');
    expect(label.htmlFor).toBe('colour');
    expect(select().id).toBe('colour');
    expect(Array.from(select().options, (o) => o.textContent.trim())).toEqual([
      'All colours',
      'Red',
      'Green',
    ]);
    expect(select().selectedIndex).toBe(0);
  });

  it.each<[string, Colour | null]>([
    ['green', 'green'],
    ['', null],
    ['not-an-option', null],
  ])('choosing %j emits %p', (raw, expected) => {
    const box = select();
    if (raw === 'not-an-option') {
      box.add(new Option('Stray', raw));
    }
    box.value = raw;
    box.dispatchEvent(new Event('change'));
    expect(fixture.componentInstance.chosen).toEqual([expected]);
  });

  it('shows the value it is given', () => {
    fixture.componentInstance.value.set('red');
    fixture.detectChanges();
    expect(select().value).toBe('red');
  });
});
