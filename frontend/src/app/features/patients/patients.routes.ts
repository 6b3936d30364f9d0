import { inject } from '@angular/core';
import type { Routes } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';

export const patientsRoutes: Routes = [
  {
    // Administrators have no clinical data: they get a notice instead of the list.
    path: '',
    canMatch: [(): boolean => inject(AuthService).isAdministrator()],
    loadComponent: () =>
      import('./administrator-notice.page').then((m) => m.AdministratorNoticePage),
  },
  {
    path: '',
    loadComponent: () => import('./patient-list.page').then((m) => m.PatientListPage),
  },
];
