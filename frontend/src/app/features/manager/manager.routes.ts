import type { Routes } from '@angular/router';

/** Routes of the manager feature (lazy-loaded from app.routes.ts at /manager). */
export const MANAGER_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'outcomes' },
  {
    path: 'outcomes',
    title: 'Outcomes · Ketamine Clinic',
    loadComponent: () => import('./outcomes.page').then((m) => m.OutcomesPage),
  },
  {
    path: 'audit',
    title: 'Audit log · Ketamine Clinic',
    loadComponent: () => import('./audit.page').then((m) => m.AuditPage),
  },
];
