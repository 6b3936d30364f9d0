import { inject } from '@angular/core';
import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';
import { AuthService } from '../../core/auth/auth.service';

const CLINICAL_STAFF = roleGuard('psychiatrist', 'nurse', 'manager');

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
  {
    // A course on paper (referral letters, prior authorisation); no patient name in the title.
    path: ':id/course-summary',
    title: 'Course summary · Ketamine Clinic',
    canMatch: [CLINICAL_STAFF],
    canActivate: [CLINICAL_STAFF],
    loadComponent: () =>
      import('./course-summary-print.page').then((m) => m.CourseSummaryPrintPage),
  },
  {
    // The record (and Chart.js with it) is downloaded only when a patient is opened.
    // No patient name in the title: tab titles and history are visible to others.
    path: ':id',
    title: 'Patient record · Ketamine Clinic',
    canMatch: [CLINICAL_STAFF],
    canActivate: [CLINICAL_STAFF],
    loadComponent: () => import('./patient.page').then((m) => m.PatientPage),
  },
];
