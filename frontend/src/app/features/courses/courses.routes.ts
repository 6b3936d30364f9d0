import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';

const PSYCHIATRIST = roleGuard('psychiatrist');

/**
 * The psychiatrist's course screens (CLINICAL.md s8, s9), lazy-loaded from app.routes.ts under
 * `/record` after the record feature's own routes: they live at record URLs but are their own
 * feature.
 */
export const COURSE_RECORD_ROUTES: Routes = [
  {
    path: 'screening/:patientId',
    title: 'Screening · Ketamine Clinic',
    canMatch: [PSYCHIATRIST],
    canActivate: [PSYCHIATRIST],
    loadComponent: () => import('./screening-form.page').then((m) => m.ScreeningFormPage),
  },
  {
    // `?screeningId=` names the screening just saved (ids only in the URL).
    path: 'course/:patientId',
    title: 'Start a course · Ketamine Clinic',
    canMatch: [PSYCHIATRIST],
    canActivate: [PSYCHIATRIST],
    loadComponent: () => import('./start-course.page').then((m) => m.StartCoursePage),
  },
];
