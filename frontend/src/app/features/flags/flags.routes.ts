import type { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth.guard';

/** Routes of the flags feature (lazy-loaded from app.routes.ts under `/flags`). */
export const FLAGS_ROUTES: Routes = [
  {
    path: '',
    title: 'Flags · Ketamine Clinic',
    canActivate: [roleGuard('psychiatrist', 'nurse', 'manager')],
    loadComponent: () => import('./flags-inbox.page').then((m) => m.FlagsInboxPage),
  },
];
