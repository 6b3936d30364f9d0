import type { Routes } from '@angular/router';

/**
 * The esketamine REMS forms (lazy-loaded from app.routes.ts under `/rems`): the forms due and one
 * session's form. Ids only in the URL (no names).
 */
export const REMS_ROUTES: Routes = [
  {
    path: '',
    title: 'REMS forms due · Ketamine Clinic',
    loadComponent: () => import('./rems-due.page').then((m) => m.RemsDuePage),
  },
  {
    path: 'sessions/:sessionId',
    title: 'REMS form · Ketamine Clinic',
    loadComponent: () => import('./rems-form.page').then((m) => m.RemsFormPage),
  },
];
