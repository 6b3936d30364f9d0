import { Injectable, computed, inject, linkedSignal, signal } from '@angular/core';
import type { ClinicDto, UserDto } from '@clinic/shared';

import { ClinicsApi } from '../../api/clinics.api';
import { AuthService } from '../auth/auth.service';

interface LoadedClinics {
  userId: string;
  clinics: ClinicDto[];
}

/**
 * The clinic the user is working in. Users of several clinics choose it in the header; features
 * read `clinicId()` (lists, the board, flags, outcomes) and follow a change. Kept in memory only,
 * like the session, and reset to the user's first clinic at each sign-in.
 */
@Injectable({ providedIn: 'root' })
export class ClinicContext {
  private readonly auth = inject(AuthService);
  private readonly clinicsApi = inject(ClinicsApi);
  private readonly loaded = signal<LoadedClinics | null>(null);
  private loadingFor: string | null = null;

  private readonly selected = linkedSignal<UserDto | null, string | null>({
    source: this.auth.user,
    computation: (user) => user?.clinicIds[0] ?? null,
  });

  /** The selected clinic's id; null for a user of no clinic (administrators). */
  readonly clinicId = this.selected.asReadonly();

  /** The signed-in user's clinics, once loaded (names and time zones); empty before. */
  readonly clinics = computed<ClinicDto[]>(() => {
    const user = this.auth.user();
    const loaded = this.loaded();
    return user && loaded?.userId === user.id ? loaded.clinics : [];
  });
  readonly clinic = computed(
    () => this.clinics().find((clinic) => clinic.id === this.clinicId()) ?? null,
  );
  /** Only users of more than one clinic get the switcher. */
  readonly canSwitch = computed(() => (this.auth.user()?.clinicIds.length ?? 0) > 1);

  /** Loads the user's clinics once per sign-in (the shell calls this). */
  load(): void {
    const user = this.auth.user();
    if (
      !user ||
      user.clinicIds.length === 0 ||
      this.loaded()?.userId === user.id ||
      this.loadingFor === user.id
    ) {
      return;
    }
    this.loadingFor = user.id;
    this.clinicsApi.list().subscribe({
      next: (response) => {
        this.loaded.set({
          userId: user.id,
          clinics: response.items.filter((clinic) => user.clinicIds.includes(clinic.id)),
        });
      },
      // Without names the header shows no clinic name; lists still work with the selected id.
      error: () => undefined,
      complete: () => {
        this.loadingFor = null;
      },
    });
  }

  select(clinicId: string): void {
    if (this.auth.user()?.clinicIds.includes(clinicId)) {
      this.selected.set(clinicId);
    }
  }

  /** The clinic's IANA time zone, for showing times as the clinic reads them. */
  timeZoneOf(clinicId: string): string | undefined {
    return this.clinics().find((clinic) => clinic.id === clinicId)?.timezone;
  }
}
