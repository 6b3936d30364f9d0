import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import type { CssrsDto, PatientDto, PutSafetyPlanRequest, SafetyPlanDto } from '@clinic/shared';
import { catchError, forkJoin, map, of, switchMap } from 'rxjs';

import { CssrsApi } from '../../api/cssrs.api';
import { isStale, NO_ERRORS, type ServerErrors, serverErrors } from '../../api/http';
import { PatientsApi } from '../../api/patients.api';
import { SafetyPlanApi } from '../../api/safety-plan.api';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicContext } from '../../core/clinic/clinic-context.service';
import { formatCalendarDate, formatDateTime } from '../../ui/format';
import { patientDisplayName } from '../../ui/patient-format';
import type { ScreenerSavedState } from './cssrs-form.page';
import { ListEditorComponent } from './list-editor.component';
import { FormErrorsComponent } from '../../ui/form/form-errors.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';
import { SafetyPlanViewComponent } from './safety-plan-view.component';
import { CRISIS_LINE, RISK_WORDING } from '../../ui/labels';
import {
  LIST_STEPS,
  type ListStep,
  MEANS_SAFETY_STEP,
  REASONS_STEP,
  type TextStep,
  draftOf,
  hasCrisisLine,
  requestOf,
} from './safety-plan-form';
import { screenerLink } from '../../ui/screener-link';

export const SAFETY_PLAN_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(LIST_STEPS.map((step) => [step.key, `Step ${String(step.number)}`])),
  meansSafety: 'Step 6',
  reasonsForLiving: 'Reasons for living',
};

interface Loaded {
  patient: PatientDto;
  plan: SafetyPlanDto | null;
  /** The newest screener not entered in error, or null. */
  screener: CssrsDto | null;
}

type PageState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error' }
  | { status: 'loaded'; value: Loaded };

interface Answer {
  state: PageState;
  reload: { keepDraft: boolean };
}

/** 404 (or 400: not an id): unknown, or of a clinic the user does not belong to (API.md). */
function failure(error: unknown): PageState {
  return error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)
    ? { status: 'not-found' }
    : { status: 'error' };
}

/**
 * `/patients/:id/safety-plan`: the patient's Stanley-Brown safety plan (CLINICAL.md s10), the
 * version on file and when and by whom it was last reviewed. Psychiatrists and nurses edit it
 * (each save is a new version, sent with If-Match: a plan saved by someone else meanwhile is a
 * 412, and the page then reloads the plan and keeps the text typed here); managers read it.
 */
@Component({
  selector: 'app-safety-plan-page',
  imports: [RouterLink, ListEditorComponent, SafetyPlanViewComponent, FormErrorsComponent],
  templateUrl: './safety-plan.page.html',
  styleUrls: ['../../ui/record-form.css', './safety-plan.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SafetyPlanPage {
  /** The route's `:id` (the patient). */
  readonly id = input.required<string>();

  private readonly planApi = inject(SafetyPlanApi);
  private readonly cssrsApi = inject(CssrsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly auth = inject(AuthService);
  private readonly clinicContext = inject(ClinicContext);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  protected readonly listSteps = LIST_STEPS;
  protected readonly meansStep = MEANS_SAFETY_STEP;
  protected readonly reasonsStep = REASONS_STEP;
  protected readonly riskWording = RISK_WORDING;
  protected readonly crisisLine = CRISIS_LINE;
  protected readonly displayName = patientDisplayName;
  protected readonly formatCalendarDate = formatCalendarDate;
  protected readonly screenerLink = screenerLink;

  /** The screener just saved on the previous page (router state), for the "next step" banner. */
  protected readonly justScreened =
    (this.router.currentNavigation()?.extras.state as Partial<ScreenerSavedState> | undefined)
      ?.screenerSaved ?? null;

  protected readonly state = signal<PageState>({ status: 'loading' });
  protected readonly loaded = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.value : null;
  });
  protected readonly plan = computed(() => this.loaded()?.plan ?? null);

  /** Psychiatrists and nurses write the plan; managers read it (no save button). */
  protected readonly canEdit = computed(() => {
    const role = this.auth.role();
    return role === 'psychiatrist' || role === 'nurse';
  });

  /** The plan as typed on this page. */
  protected readonly draft = signal<PutSafetyPlanRequest>(draftOf(null));
  protected readonly busy = signal(false);
  protected readonly server = signal<ServerErrors>(NO_ERRORS);
  /** After a 412: the plan was saved by someone else meanwhile; the typed text is kept. */
  protected readonly staleNotice = signal(false);
  protected readonly savedNotice = signal<string | null>(null);
  /** A version was saved on this page since the screener: the banner moves to what is left. */
  protected readonly savedSinceScreener = signal(false);
  protected readonly crisisLineMissing = computed(
    () => !hasCrisisLine(this.draft().professionalContacts),
  );

  private readonly timeZone = computed(() => {
    const loaded = this.loaded();
    return loaded ? this.clinicContext.timeZoneOf(loaded.patient.clinicId) : undefined;
  });

  /** Bumped to fetch again; `keepDraft` keeps the text typed here (after a 412). */
  private readonly reload = signal({ n: 0, keepDraft: false });

  constructor() {
    toObservable(computed(() => ({ id: this.id(), reload: this.reload() })))
      .pipe(
        switchMap(({ id, reload }) =>
          this.patientsApi.get(id).pipe(
            switchMap((patient) =>
              forkJoin({
                plan: this.planApi.current(id),
                screener: this.cssrsApi.list(id, 20, 0).pipe(
                  map((list) => list.items.find((item) => item.enteredInError === null) ?? null),
                  // The screener is context: the plan shows without it.
                  catchError(() => of(null)),
                ),
              }).pipe(map(({ plan, screener }) => ({ patient, plan, screener }))),
            ),
            map((value): Answer => ({ state: { status: 'loaded', value }, reload })),
            catchError((error: unknown) => of<Answer>({ state: failure(error), reload })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ state, reload }) => {
        this.state.set(state);
        if (state.status === 'loaded' && !reload.keepDraft) {
          this.draft.set(draftOf(state.value.plan));
        }
      });
  }

  /** The plan's versions, newest first: fetched when "Earlier versions" is first opened. */
  protected readonly versions = signal<
    { status: 'idle' | 'loading' | 'error' } | { status: 'loaded'; items: SafetyPlanDto[] }
  >({ status: 'idle' });
  protected readonly earlierVersions = computed(() => {
    const versions = this.versions();
    const current = this.plan()?.version ?? null;
    return versions.status === 'loaded'
      ? versions.items.filter((item) => item.version !== current)
      : [];
  });

  protected versionsToggled(event: Event): void {
    const open = (event.target as HTMLDetailsElement | null)?.open ?? false;
    if (!open || this.versions().status === 'loading') {
      return;
    }
    this.loadVersions();
  }

  private loadVersions(): void {
    this.versions.set({ status: 'loading' });
    this.planApi
      .versions(this.id(), 200, 0)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => this.versions.set({ status: 'loaded', items: list.items }),
        error: () => this.versions.set({ status: 'error' }),
      });
  }

  protected list(key: ListStep): string[] {
    return this.draft()[key];
  }

  protected setList(key: ListStep, items: string[]): void {
    this.draft.update((draft) => ({ ...draft, [key]: items }));
    this.savedNotice.set(null);
  }

  protected setText(key: TextStep, value: string): void {
    this.draft.update((draft) => ({ ...draft, [key]: value }));
    this.savedNotice.set(null);
  }

  protected addCrisisLine(): void {
    this.draft.update((draft) => ({
      ...draft,
      professionalContacts: [...draft.professionalContacts.filter((e) => e.trim()), CRISIS_LINE],
    }));
  }

  protected when(at: string): string {
    return formatDateTime(at, this.timeZone());
  }

  protected fieldError(key: string): string | null {
    return this.server().fields[key]?.join(' ') ?? null;
  }

  protected retry(): void {
    this.reload.update(({ n }) => ({ n: n + 1, keepDraft: false }));
  }

  protected save(): void {
    if (this.busy() || !this.canEdit()) {
      return;
    }
    const request = requestOf(this.draft());
    const version = this.plan()?.version ?? null;
    this.busy.set(true);
    this.server.set(NO_ERRORS);
    this.staleNotice.set(false);
    this.savedNotice.set(null);
    this.planApi
      .put(this.id(), request, version)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.busy.set(false);
          this.state.update((state) =>
            state.status === 'loaded'
              ? { status: 'loaded', value: { ...state.value, plan: saved } }
              : state,
          );
          this.draft.set(draftOf(saved));
          this.savedSinceScreener.set(true);
          if (this.versions().status !== 'idle') {
            this.loadVersions();
          }
          this.savedNotice.set(`Safety plan saved: version ${String(saved.version)}.`);
          this.focus('[data-testid="safety-plan-saved"]');
        },
        error: (error: unknown) => {
          this.busy.set(false);
          // 412: someone else saved a newer version; 428: someone else wrote the first plan
          // while this page showed none. Fetch it (its version is the next If-Match) and keep
          // what was typed here.
          if (isStale(error) || (error instanceof HttpErrorResponse && error.status === 428)) {
            this.staleNotice.set(true);
            this.reload.update(({ n }) => ({ n: n + 1, keepDraft: true }));
            this.focus('[data-testid="safety-plan-stale"]');
            return;
          }
          this.server.set(serverErrors(error, SAFETY_PLAN_FIELD_LABELS));
          focusFirstInvalid(() => this.host.nativeElement, this.injector);
        },
      });
  }

  private focus(selector: string): void {
    afterNextRender(
      () => {
        this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus();
      },
      { injector: this.injector },
    );
  }
}
