import { inject } from '@angular/core';
import { type Routes } from '@angular/router';

import { authGuard, roleGuard } from './core/auth/auth.guard';
import { AuthService } from './core/auth/auth.service';
import { homeUrlFor } from './core/auth/role-home';

/** The signed-in user's start page (signed out: the patient list, whose guard asks to sign in). */
const roleHome = (): string => homeUrlFor(inject(AuthService).role());

// Each feature is loaded only when first visited, and only by the roles that may use it:
// `canMatch` keeps other roles from even downloading its code, `canActivate` re-checks on entry.
const PSYCHIATRIST_NURSE = roleGuard('psychiatrist', 'nurse');
const CLINICAL_STAFF = roleGuard('psychiatrist', 'nurse', 'manager');
const MANAGER = roleGuard('manager');
const PSYCHIATRIST_MANAGER = roleGuard('psychiatrist', 'manager');
const ADMIN = roleGuard('admin');

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: roleHome },
  {
    path: 'sign-in',
    title: 'Sign in · Ketamine Clinic',
    loadComponent: () => import('./features/sign-in/sign-in.page').then((m) => m.SignInPage),
  },
  {
    // The patient's follow-up questionnaire from an emailed or printed link: public (the link's
    // token is the only key), outside the signed-in shell, no staff code loaded.
    path: 'r',
    loadChildren: () =>
      import('./features/self-report/self-report.routes').then((m) => m.SELF_REPORT_ROUTES),
  },
  {
    // Signed-in area: the header with the user, the clinic, the navigation and "Sign out".
    path: '',
    canActivate: [authGuard],
    loadComponent: () =>
      import('./core/layout/app-shell.component').then((m) => m.AppShellComponent),
    children: [
      {
        path: 'patients',
        title: 'Patients · Ketamine Clinic',
        loadChildren: () =>
          import('./features/patients/patients.routes').then((m) => m.patientsRoutes),
      },
      {
        // `/patients/:id/cssrs/new` and `/patients/:id/safety-plan`: what the patients feature
        // does not match falls through to here.
        path: 'patients',
        loadChildren: () =>
          import('./features/suicide-risk/suicide-risk.routes').then((m) => m.SUICIDE_RISK_ROUTES),
      },
      {
        path: 'record',
        canMatch: [PSYCHIATRIST_NURSE],
        canActivate: [PSYCHIATRIST_NURSE],
        loadChildren: () => import('./features/record/record.routes').then((m) => m.RECORD_ROUTES),
      },
      {
        // `/record/screening/:patientId` and `/record/course/:patientId`: what the record
        // feature does not match falls through to here.
        path: 'record',
        loadChildren: () =>
          import('./features/courses/courses.routes').then((m) => m.COURSE_RECORD_ROUTES),
      },
      {
        // Treatment protocols (CLINICAL.md s8): the built-in templates and the clinic's copies.
        path: 'protocols',
        title: 'Protocols · Ketamine Clinic',
        canMatch: [PSYCHIATRIST_MANAGER],
        canActivate: [PSYCHIATRIST_MANAGER],
        loadComponent: () =>
          import('./features/courses/protocols.page').then((m) => m.ProtocolsPage),
      },
      {
        path: 'flags',
        title: 'Flags · Ketamine Clinic',
        canMatch: [CLINICAL_STAFF],
        canActivate: [CLINICAL_STAFF],
        loadChildren: () => import('./features/flags/flags.routes').then((m) => m.FLAGS_ROUTES),
      },
      {
        path: 'board',
        title: 'Board · Ketamine Clinic',
        canMatch: [PSYCHIATRIST_NURSE],
        canActivate: [PSYCHIATRIST_NURSE],
        loadChildren: () => import('./features/board/board.routes').then((m) => m.BOARD_ROUTES),
      },
      {
        // Esketamine REMS forms: psychiatrists and nurses complete and submit; managers read.
        path: 'rems',
        canMatch: [CLINICAL_STAFF],
        canActivate: [CLINICAL_STAFF],
        loadChildren: () => import('./features/rems/rems.routes').then((m) => m.REMS_ROUTES),
      },
      {
        path: 'manager',
        canMatch: [MANAGER],
        canActivate: [MANAGER],
        loadChildren: () =>
          import('./features/manager/manager.routes').then((m) => m.MANAGER_ROUTES),
      },
      {
        path: 'admin',
        canMatch: [ADMIN],
        canActivate: [ADMIN],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        // Only signed-in users get "not found"; others fall through to sign-in below.
        path: '**',
        title: 'Page not found · Ketamine Clinic',
        canMatch: [() => inject(AuthService).isSignedIn()],
        loadComponent: () => import('./core/layout/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
  { path: '**', redirectTo: roleHome },
];
