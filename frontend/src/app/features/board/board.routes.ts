import type { Routes } from '@angular/router';

/** Routes of the board feature (lazy-loaded from app.routes.ts at /board). */
export const BOARD_ROUTES: Routes = [
  {
    path: '',
    title: 'Live board · Ketamine Clinic',
    loadComponent: () => import('./board.page').then((m) => m.BoardPage),
  },
  {
    path: 'session/:sessionId',
    title: 'Session monitoring · Ketamine Clinic',
    loadComponent: () => import('./session.page').then((m) => m.SessionPage),
  },
];
