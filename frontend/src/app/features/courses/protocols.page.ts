import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NgTemplateOutlet } from '@angular/common';
import type { CreateProtocolRequest, ProtocolDto } from '@clinic/shared';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { CoursesApi } from '../../api/courses.api';
import { IdempotencyKeys, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { DRUG_LABELS, ROUTE_LABELS } from '../../ui/labels';
import { courseServerErrors, protocolInWords } from '../../ui/course-wording';

type State =
  | { status: 'loading' }
  | { status: 'loaded'; protocols: ProtocolDto[] }
  | { status: 'error'; message: string };

/** The numbers of the copy form, as typed. */
export const PROTOCOL_NUMBER_FIELDS = [
  'induction.sessions',
  'induction.withinDays',
  'induction.maxPerWeek',
  'induction.minDaysBetween',
  'maintenance.maxPerWeek',
  'maintenance.minDaysBetween',
  'dosePlan.first',
  'dosePlan.max',
] as const;
type NumberField = (typeof PROTOCOL_NUMBER_FIELDS)[number];

export const PROTOCOL_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  source: 'Source',
  'induction.sessions': 'Induction sessions',
  'induction.withinDays': 'Induction within days',
  'induction.maxPerWeek': 'Induction at most per 7 days',
  'induction.minDaysBetween': 'Induction days apart',
  'maintenance.maxPerWeek': 'Maintenance at most per 7 days',
  'maintenance.minDaysBetween': 'Maintenance days apart',
  'dosePlan.first': 'First dose',
  'dosePlan.steps': 'Dose steps',
  'dosePlan.max': 'Highest dose',
};

const INTEGER_FIELDS: readonly NumberField[] = PROTOCOL_NUMBER_FIELDS.filter(
  (f) => !f.startsWith('dosePlan'),
);

interface Draft {
  template: ProtocolDto;
  name: string;
  source: string;
  numbers: Record<NumberField, string>;
  steps: string;
}

function draftOf(template: ProtocolDto): Draft {
  const text = (n: number | undefined | null): string =>
    n === undefined || n === null ? '' : String(n);
  return {
    template,
    name: `${template.name} (clinic copy)`,
    source: template.source ? `Adjusted from ${template.name}: ${template.source}` : '',
    numbers: {
      'induction.sessions': text(template.induction.sessions),
      'induction.withinDays': text(template.induction.withinDays),
      'induction.maxPerWeek': text(template.induction.maxPerWeek),
      'induction.minDaysBetween': text(template.induction.minDaysBetween ?? 1),
      'maintenance.maxPerWeek': text(template.maintenance?.maxPerWeek),
      'maintenance.minDaysBetween': text(template.maintenance?.minDaysBetween),
      'dosePlan.first': text(template.dosePlan.first),
      'dosePlan.max': text(template.dosePlan.max),
    },
    steps: template.dosePlan.steps.join(', '),
  };
}

/** "56, 84" -> [56, 84]; null when an entry is no positive number. */
export function parseSteps(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v) && v > 0) ? values : null;
}

/**
 * `/protocols` (psychiatrists and managers): the built-in protocol templates of CLINICAL.md s8 and
 * the clinic's own; "Copy and adjust" makes a clinic protocol from one, with its own numbers.
 */
@Component({
  selector: 'app-protocols-page',
  imports: [NgTemplateOutlet, ...FIELD, FormErrorsComponent],
  templateUrl: './protocols.page.html',
  styleUrls: ['../../ui/record-form.css', './courses.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProtocolsPage {
  private readonly api = inject(CoursesApi);
  private readonly clinicContext = inject(ClinicContext);
  private readonly keys = new IdempotencyKeys();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly labels = PROTOCOL_FIELD_LABELS;
  protected readonly words = protocolInWords;
  protected readonly clinicName = computed(() => this.clinicContext.clinic()?.name ?? 'the clinic');

  /** Protocols saved on this page, shown without a reload. */
  private readonly added = signal<ProtocolDto[]>([]);

  private readonly state = toSignal(
    toObservable(this.clinicContext.clinicId).pipe(
      switchMap((clinicId) =>
        clinicId === null
          ? of<State>({ status: 'loading' })
          : this.api.protocols(clinicId).pipe(
              map((list): State => ({ status: 'loaded', protocols: list.items })),
              catchError((error: unknown) =>
                of<State>({ status: 'error', message: serverErrors(error, {}).general.join(' ') }),
              ),
              startWith<State>({ status: 'loading' }),
            ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );
  protected readonly status = computed(() => this.state().status);
  protected readonly loadError = computed(() => {
    const state = this.state();
    return state.status === 'error' ? state.message : null;
  });
  protected readonly builtIns = computed(() => this.all().filter((p) => p.builtIn));
  protected readonly clinicProtocols = computed(() => this.all().filter((p) => !p.builtIn));
  private readonly all = computed(() => {
    const state = this.state();
    const loaded = state.status === 'loaded' ? state.protocols : [];
    const ids = new Set(loaded.map((p) => p.id));
    return [...loaded, ...this.added().filter((p) => !ids.has(p.id))];
  });

  protected readonly draft = signal<Draft | null>(null);
  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);
  protected readonly saved = signal<string | null>(null);

  protected readonly otherErrors = computed(() => {
    const { fields, general } = this.server();
    return [
      ...general,
      ...Object.entries(fields)
        .filter(([field]) => !(field in PROTOCOL_FIELD_LABELS))
        .flatMap(([, messages]) => messages),
    ];
  });

  protected copy(template: ProtocolDto): void {
    this.draft.set(draftOf(template));
    this.submitted.set(false);
    this.server.set(NO_ERRORS);
    this.saved.set(null);
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>('#protocol-name')?.focus(),
      {
        injector: this.injector,
      },
    );
  }

  protected cancel(): void {
    this.draft.set(null);
  }

  protected setText(field: 'name' | 'source' | 'steps', value: string): void {
    this.draft.update((d) => (d ? { ...d, [field]: value } : d));
    this.clear(field === 'steps' ? 'dosePlan.steps' : field);
  }

  // Typed helpers for the template's untyped `let-p` / loop variables (the production build's
  // strict template check refuses indexing a Record with them).
  protected drugAndRoute(p: ProtocolDto): string {
    return `${DRUG_LABELS[p.drug]}, ${ROUTE_LABELS[p.route]}`;
  }

  protected numberText(draft: Draft, field: string): string {
    return draft.numbers[field as NumberField];
  }

  protected setNumber(field: NumberField, value: string): void {
    this.draft.update((d) => (d ? { ...d, numbers: { ...d.numbers, [field]: value } } : d));
    this.clear(field);
  }

  /** The field's message: the server's, else the form's own check after a save attempt. */
  protected errorFor(field: string): string | null {
    const server = this.server().fields[field]?.join(' ');
    if (server) return server;
    const draft = this.draft();
    if (!this.submitted() || !draft) return null;
    if (field === 'name') return draft.name.trim() ? null : 'Give the protocol a name';
    if (field === 'dosePlan.steps') {
      return parseSteps(draft.steps) === null ? 'List the doses as numbers, e.g. 56, 84' : null;
    }
    if ((PROTOCOL_NUMBER_FIELDS as readonly string[]).includes(field)) {
      return this.numberError(field as NumberField, draft);
    }
    return null;
  }

  private numberError(field: NumberField, draft: Draft): string | null {
    const text = draft.numbers[field].trim();
    const maintenance = field.startsWith('maintenance');
    const noMaintenance =
      draft.numbers['maintenance.maxPerWeek'].trim() === '' &&
      draft.numbers['maintenance.minDaysBetween'].trim() === '';
    if (text === '') {
      return maintenance && noMaintenance ? null : 'Enter a number';
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) return 'Enter a number above 0';
    if (INTEGER_FIELDS.includes(field) && !Number.isInteger(value)) return 'Enter a whole number';
    if (field.endsWith('maxPerWeek') && value > 7) return 'At most 7 in any 7 days';
    return null;
  }

  protected submit(): void {
    const draft = this.draft();
    const clinicId = this.clinicContext.clinicId();
    if (!draft || !clinicId || this.busy()) return;
    this.submitted.set(true);
    this.server.set(NO_ERRORS);
    const fields = ['name', 'dosePlan.steps', ...PROTOCOL_NUMBER_FIELDS];
    if (fields.some((field) => this.errorFor(field) !== null)) {
      focusFirstInvalid(() => this.host.nativeElement, this.injector);
      return;
    }
    const n = (field: NumberField): number => Number(draft.numbers[field]);
    const hasMaintenance = draft.numbers['maintenance.maxPerWeek'].trim() !== '';
    const request: CreateProtocolRequest = {
      clinicId,
      name: draft.name.trim(),
      drug: draft.template.drug,
      route: draft.template.route,
      basedOnId: draft.template.id,
      source: draft.source.trim() || null,
      induction: {
        sessions: n('induction.sessions'),
        withinDays: n('induction.withinDays'),
        maxPerWeek: n('induction.maxPerWeek'),
        minDaysBetween: n('induction.minDaysBetween'),
      },
      maintenance: hasMaintenance
        ? {
            maxPerWeek: n('maintenance.maxPerWeek'),
            minDaysBetween: n('maintenance.minDaysBetween'),
          }
        : null,
      dosePlan: {
        unit: draft.template.dosePlan.unit,
        first: n('dosePlan.first'),
        steps: parseSteps(draft.steps) ?? [],
        max: n('dosePlan.max'),
      },
    };
    this.busy.set(true);
    this.api
      .createProtocol(request, this.keys.keyFor(request))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (protocol) => {
          this.keys.settled();
          this.busy.set(false);
          this.added.update((list) => [...list, protocol]);
          this.draft.set(null);
          this.saved.set(`Protocol “${protocol.name}” saved for ${this.clinicName()}.`);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.server.set(courseServerErrors(error, PROTOCOL_FIELD_LABELS));
          focusFirstInvalid(() => this.host.nativeElement, this.injector);
        },
      });
  }

  private clear(field: string): void {
    const current = this.server();
    if (current.fields[field]) {
      const fields = { ...current.fields };
      delete fields[field];
      this.server.set({ ...current, fields });
    }
  }
}
