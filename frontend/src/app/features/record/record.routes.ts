import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';

/**
 * Routes of the record feature (lazy-loaded from app.routes.ts under `/record`). Each page keeps
 * its own role guard, so the roles hold whatever the parent route allows.
 */
export const RECORD_ROUTES: Routes = [
  {
    path: 'patient',
    title: 'New patient · Ketamine Clinic',
    canActivate: [roleGuard('psychiatrist')],
    loadComponent: () => import('./create-patient.page').then((m) => m.CreatePatientPage),
  },
  {
    path: 'session/:patientId',
    title: 'Order a session · Ketamine Clinic',
    canActivate: [roleGuard('psychiatrist')],
    loadComponent: () => import('./order-session.page').then((m) => m.OrderSessionPage),
  },
  {
    path: 'phq9/:patientId',
    title: 'Record a PHQ-9 · Ketamine Clinic',
    canActivate: [roleGuard('psychiatrist', 'nurse')],
    loadComponent: () => import('./phq9-form.page').then((m) => m.Phq9FormPage),
  },
];
