import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { ROLES, type ClinicDto, type Role, type UserDto } from '@clinic/shared';
import { type Observable, forkJoin } from 'rxjs';

import { ClinicsApi } from '../../api/clinics.api';
import { errorMessages, isStale } from '../../api/http';
import { UsersApi } from '../../api/users.api';
import { AuthService } from '../../core/auth/auth.service';
import { listAll } from '../../core/http/list-all';
import { formatDateTime } from '../../ui/format';
import { ROLE_LABELS } from '../../ui/labels';
import {
  EMPTY_USER_DRAFT,
  type UserDraft,
  type UserDraftErrors,
  changedFields,
  clinicNames,
  draftOf,
  reasonError,
  sortUsers,
  toggleId,
  userDraftErrors,
} from './users-admin';
import { UserCreateFormComponent } from './user-create-form.component';
import { FIELD } from '../../ui/form/field.component';
import { focusFirstInvalid } from '../../ui/form/focus-first-invalid';

type LoadState = 'loading' | 'error' | 'loaded';

/** The panel open under one account's row (one at a time, so the keyboard path stays short). */
type RowAction =
  | { kind: 'edit'; userId: string }
  | { kind: 'disable'; userId: string }
  | { kind: 'enable'; userId: string }
  | { kind: 'revoke'; userId: string };

/**
 * Accounts for the administrator (API.md "Accounts and administration (v2)"): who may sign in, in
 * which clinics, with which role; switching an account off ends its sessions at once. Every change
 * is audited on the server with the values before and after.
 */
@Component({
  selector: 'app-users-page',
  imports: [UserCreateFormComponent, ...FIELD],
  templateUrl: './users.page.html',
  styleUrl: './users.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly usersApi = inject(UsersApi);
  private readonly clinicsApi = inject(ClinicsApi);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;

  protected readonly loadState = signal<LoadState>('loading');
  protected readonly users = signal<UserDto[]>([]);
  protected readonly clinics = signal<ClinicDto[]>([]);
  protected readonly sorted = computed(() => sortUsers(this.users()));
  protected readonly selfId = computed(() => this.auth.user()?.id ?? null);

  /** Create form. */
  protected readonly creating = signal(false);
  protected readonly createDraft = signal<UserDraft>(EMPTY_USER_DRAFT);
  protected readonly createErrors = signal<UserDraftErrors>({});

  /** The open row panel and its inputs. */
  protected readonly action = signal<RowAction | null>(null);
  protected readonly editDraft = signal<UserDraft>(EMPTY_USER_DRAFT);
  protected readonly editErrors = signal<UserDraftErrors>({});
  protected readonly reason = signal('');
  protected readonly reasonProblem = signal<string | null>(null);

  protected readonly saving = signal(false);
  /** The server's refusal of the open form, in its words (400 names the field). */
  protected readonly serverErrors = signal<string[]>([]);
  /** A problem that closed the open form (a stale version), shown above the list. */
  protected readonly notice = signal('');
  /** What the last change did, announced politely. */
  protected readonly done = signal('');

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loadState.set('loading');
    forkJoin({
      users: listAll((limit, offset) => this.usersApi.list(limit, offset)),
      clinics: listAll((limit, offset) => this.clinicsApi.list(limit, offset)),
    }).subscribe({
      next: ({ users, clinics }) => {
        this.users.set(users);
        this.clinics.set([...clinics].sort((a, b) => a.name.localeCompare(b.name)));
        this.loadState.set('loaded');
      },
      error: () => this.loadState.set('error'),
    });
  }

  protected clinicsOf(user: UserDto): string {
    return clinicNames(user.clinicIds, this.clinics());
  }

  protected when(at: string): string {
    return formatDateTime(at);
  }

  protected isOpen(kind: RowAction['kind'], user: UserDto): boolean {
    const action = this.action();
    return action !== null && action.kind === kind && action.userId === user.id;
  }

  /** The row's buttons: edit; for another account, enable, or sign out everywhere and disable. */
  protected rowActionsOf(
    user: UserDto,
  ): readonly { kind: RowAction['kind']; label: string; danger: boolean }[] {
    const edit = { kind: 'edit' as const, label: 'Edit', danger: false };
    if (user.id === this.selfId()) return [edit];
    if (user.disabledAt) return [edit, { kind: 'enable', label: 'Enable', danger: false }];
    return [
      edit,
      { kind: 'revoke', label: 'Sign out everywhere', danger: false },
      { kind: 'disable', label: 'Disable', danger: true },
    ];
  }

  protected panelOpenFor(user: UserDto): boolean {
    return this.action()?.userId === user.id;
  }

  // ---- create ----------------------------------------------------------------------------

  protected startCreate(): void {
    this.closeRow();
    this.creating.set(true);
    this.createDraft.set(EMPTY_USER_DRAFT);
    this.createErrors.set({});
    this.serverErrors.set([]);
    this.focusSoon('#new-user-name');
  }

  protected cancelCreate(): void {
    this.creating.set(false);
    this.serverErrors.set([]);
    this.focusSoon('[data-testid="new-user"]');
  }

  protected setCreate(field: 'name' | 'email' | 'password', value: string): void {
    this.createDraft.update((draft) => ({ ...draft, [field]: value }));
    this.clearCreateError(field);
  }

  protected setCreateRole(value: string): void {
    const role = (ROLES as readonly string[]).includes(value) ? (value as Role) : '';
    this.createDraft.update((draft) => ({ ...draft, role }));
    this.clearCreateError('role');
  }

  protected toggleCreateClinic(id: string, on: boolean): void {
    this.createDraft.update((draft) => ({
      ...draft,
      clinicIds: toggleId(draft.clinicIds, id, on),
    }));
    this.clearCreateError('clinicIds');
  }

  /** A field's message goes as the field is changed; Create checks again. */
  private clearCreateError(field: keyof UserDraftErrors): void {
    this.createErrors.update((errors) => {
      const { [field]: _cleared, ...rest } = errors;
      return rest;
    });
  }

  protected submitCreate(): void {
    const draft = this.createDraft();
    const errors = userDraftErrors(draft, true);
    this.createErrors.set(errors);
    if (Object.keys(errors).length > 0 || draft.role === '') {
      this.focusFirstInvalid();
      return;
    }
    this.run(
      this.usersApi.create({
        name: draft.name.trim(),
        email: draft.email.trim(),
        role: draft.role,
        password: draft.password,
        clinicIds: [...draft.clinicIds],
      }),
      'The account could not be created. Try again.',
      (user) => {
        this.users.update((users) => [...users, user]);
        this.creating.set(false);
        this.done.set(`Account created for ${user.name}. Give them the first password in person.`);
      },
    );
  }

  // ---- row actions ------------------------------------------------------------------------

  protected open(kind: RowAction['kind'], user: UserDto): void {
    this.creating.set(false);
    this.action.set({ kind, userId: user.id });
    this.serverErrors.set([]);
    this.reason.set('');
    this.reasonProblem.set(null);
    this.editDraft.set(draftOf(user));
    this.editErrors.set({});
    this.focusSoon(`#user-panel-${user.id} [data-autofocus]`);
  }

  protected closeRow(): void {
    const action = this.action();
    this.action.set(null);
    this.serverErrors.set([]);
    if (action) this.focusSoon(`#user-row-${action.userId} [data-row-action="${action.kind}"]`);
  }

  protected setEditName(value: string): void {
    this.editDraft.update((draft) => ({ ...draft, name: value }));
  }

  protected setEditRole(value: string): void {
    const role = (ROLES as readonly string[]).includes(value) ? (value as Role) : '';
    this.editDraft.update((draft) => ({ ...draft, role }));
  }

  protected toggleEditClinic(id: string, on: boolean): void {
    this.editDraft.update((draft) => ({ ...draft, clinicIds: toggleId(draft.clinicIds, id, on) }));
  }

  protected submitEdit(user: UserDto): void {
    const draft = this.editDraft();
    const errors = userDraftErrors(draft, false);
    this.editErrors.set(errors);
    if (Object.keys(errors).length > 0) {
      this.focusFirstInvalid();
      return;
    }
    const change = changedFields(user, draft);
    if (Object.keys(change).length === 0) {
      this.closeRow();
      return;
    }
    this.run(
      this.usersApi.update(user.id, change, user.version),
      'The account could not be changed. Try again.',
      (updated) => {
        this.replace(updated);
        this.closeRow();
        this.done.set(`${updated.name}’s account is changed.`);
      },
    );
  }

  protected submitReason(kind: 'disable' | 'enable', user: UserDto): void {
    const problem = reasonError(this.reason());
    this.reasonProblem.set(problem);
    if (problem) {
      this.focusFirstInvalid();
      return;
    }
    const reason = this.reason().trim();
    const request =
      kind === 'disable'
        ? this.usersApi.disable(user.id, reason)
        : this.usersApi.enable(user.id, reason);
    this.run(request, `The account could not be ${kind}d. Try again.`, (updated) => {
      this.replace(updated);
      this.closeRow();
      this.done.set(
        kind === 'disable'
          ? `${updated.name}’s account is disabled: every session has ended and sign-in is refused.`
          : `${updated.name}’s account is enabled: they can sign in again.`,
      );
    });
  }

  protected submitRevoke(user: UserDto): void {
    this.run(
      this.usersApi.revokeSessions(user.id),
      'The sessions could not be ended. Try again.',
      () => {
        this.closeRow();
        this.done.set(`${user.name} is signed out everywhere; the account stays enabled.`);
      },
    );
  }

  // ---- helpers ----------------------------------------------------------------------------

  private run<T>(request: Observable<T>, fallback: string, onDone: (value: T) => void): void {
    this.saving.set(true);
    this.serverErrors.set([]);
    this.notice.set('');
    this.done.set('');
    request.subscribe({
      next: (value) => {
        this.saving.set(false);
        onDone(value);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        if (isStale(error)) {
          this.action.set(null);
          this.notice.set(
            'Someone else changed this account meanwhile. The list is reloaded: check it and try again.',
          );
          this.load();
          return;
        }
        this.serverErrors.set(errorMessages(error, fallback));
      },
    });
  }

  private replace(user: UserDto): void {
    this.users.update((users) => users.map((other) => (other.id === user.id ? user : other)));
  }

  private focusSoon(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }

  private focusFirstInvalid(): void {
    focusFirstInvalid(() => this.host.nativeElement, this.injector);
  }
}
