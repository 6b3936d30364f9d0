import { inject } from '@angular/core';
import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';
import { AuthService } from '../../core/auth/auth.service';

const CLINICAL_STAFF = roleGuard('psychiatrist', 'nurse', 'manager');
const PSYCHIATRIST_NURSE = roleGuard('psychiatrist', 'nurse');

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
    // The record (and Chart.js with it) is downloaded only when a patient is opened.
    // No patient name in the title: tab titles and history are visible to others.
    path: ':id',
    title: 'Patient record · Ketamine Clinic',
    canMatch: [CLINICAL_STAFF],
    canActivate: [CLINICAL_STAFF],
    loadComponent: () => import('./patient.page').then((m) => m.PatientPage),
  },
  {
    // Ids only in the URL: `?flagId=` names the item-9 flag the screener answers.
    path: ':id/cssrs/new',
    title: 'C-SSRS screener · Ketamine Clinic',
    canMatch: [PSYCHIATRIST_NURSE],
    canActivate: [PSYCHIATRIST_NURSE],
    loadComponent: () => import('../suicide-risk/cssrs-form.page').then((m) => m.CssrsFormPage),
  },
  {
    // Managers read the plan; psychiatrists and nurses write it.
    path: ':id/safety-plan',
    title: 'Safety plan · Ketamine Clinic',
    canMatch: [CLINICAL_STAFF],
    canActivate: [CLINICAL_STAFF],
    loadComponent: () => import('../suicide-risk/safety-plan.page').then((m) => m.SafetyPlanPage),
  },
];
