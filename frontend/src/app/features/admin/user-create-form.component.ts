import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ROLES, type ClinicDto } from '@clinic/shared';

import { ROLE_LABELS } from '../../ui/labels';
import { FIELD } from '../../ui/form/field.component';
import { MIN_PASSWORD_LENGTH, type UserDraft, type UserDraftErrors } from './users-admin';

/**
 * The "New user" form of the users page: what it shows and what the administrator types. The
 * page keeps the draft, checks it and sends it, so the form and the row panels share one flow.
 */
@Component({
  selector: 'app-user-create-form',
  imports: [...FIELD],
  templateUrl: './user-create-form.component.html',
  // The page's own styles: the form looks as it did when it was part of the page.
  styleUrl: './users.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserCreateFormComponent {
  readonly value = input.required<UserDraft>();
  readonly problems = input.required<UserDraftErrors>();
  readonly clinics = input.required<readonly ClinicDto[]>();
  readonly serverErrors = input.required<readonly string[]>();
  readonly saving = input.required<boolean>();

  readonly fieldChange = output<{ field: 'name' | 'email' | 'password'; value: string }>();
  readonly roleChange = output<string>();
  readonly clinicToggle = output<{ id: string; on: boolean }>();
  readonly submitted = output();
  readonly cancelled = output();

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly minPassword = MIN_PASSWORD_LENGTH;

  protected setCreate(field: 'name' | 'email' | 'password', value: string): void {
    this.fieldChange.emit({ field, value });
  }

  protected setCreateRole(value: string): void {
    this.roleChange.emit(value);
  }

  protected toggleCreateClinic(id: string, on: boolean): void {
    this.clinicToggle.emit({ id, on });
  }

  protected submitCreate(): void {
    this.submitted.emit();
  }

  protected cancelCreate(): void {
    this.cancelled.emit();
  }
}
