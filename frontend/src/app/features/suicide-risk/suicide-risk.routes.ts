import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';

const CLINICAL_STAFF = roleGuard('psychiatrist', 'nurse', 'manager');
const PSYCHIATRIST_NURSE = roleGuard('psychiatrist', 'nurse');

/**
 * The screener and the safety plan of a patient (lazy-loaded from app.routes.ts under
 * `/patients`, after the patients feature's own routes): they live at the patient's URL but are
 * their own feature.
 */
export const SUICIDE_RISK_ROUTES: Routes = [
  {
    // Ids only in the URL: `?flagId=` names the item-9 flag the screener answers.
    path: ':id/cssrs/new',
    title: 'C-SSRS screener · Ketamine Clinic',
    canMatch: [PSYCHIATRIST_NURSE],
    canActivate: [PSYCHIATRIST_NURSE],
    loadComponent: () => import('./cssrs-form.page').then((m) => m.CssrsFormPage),
  },
  {
    // Managers read the plan; psychiatrists and nurses write it.
    path: ':id/safety-plan',
    title: 'Safety plan · Ketamine Clinic',
    canMatch: [CLINICAL_STAFF],
    canActivate: [CLINICAL_STAFF],
    loadComponent: () => import('./safety-plan.page').then((m) => m.SafetyPlanPage),
  },
];
