import type { Routes } from '@angular/router';

/** The patient's follow-up page, /r/<token>: outside the signed-in shell, loaded on its own. */
export const SELF_REPORT_ROUTES: Routes = [
  {
    path: ':token',
    title: 'Your follow-up questionnaire',
    loadComponent: () => import('./self-report.page').then((m) => m.SelfReportPage),
  },
];
