import type { Routes } from '@angular/router';

/** Routes of the manager feature (lazy-loaded from app.routes.ts). */
export const MANAGER_ROUTES: Routes = [];
