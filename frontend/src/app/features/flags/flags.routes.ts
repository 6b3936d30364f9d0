import type { Routes } from '@angular/router';

/** Routes of the flags feature (lazy-loaded from app.routes.ts). */
export const FLAGS_ROUTES: Routes = [];
