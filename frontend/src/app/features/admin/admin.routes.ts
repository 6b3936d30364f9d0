import type { Routes } from '@angular/router';

/** Routes of the administrator's feature (lazy-loaded from app.routes.ts at /admin). */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'users' },
  {
    path: 'users',
    title: 'Users · Ketamine Clinic',
    loadComponent: () => import('./users.page').then((m) => m.UsersPage),
  },
];
