import type { Routes } from '@angular/router';

/** Routes of the board feature (lazy-loaded from app.routes.ts). */
export const BOARD_ROUTES: Routes = [];
