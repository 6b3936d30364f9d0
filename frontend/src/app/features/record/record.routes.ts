import type { Routes } from '@angular/router';

/** Routes of the record feature (lazy-loaded from app.routes.ts). */
export const RECORD_ROUTES: Routes = [];
