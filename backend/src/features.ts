import { AmendmentsModule } from './amendments/amendments.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { BoardModule } from './board/board.module';
import { ClinicsModule } from './clinics/clinics.module';
import { CommonModule } from './common/common.module';
import { CourseSummaryModule } from './course-summary/course-summary.module';
import { CoursesModule } from './courses/courses.module';
import type { EntityClass } from './database/data-source';
import { ExportsModule } from './exports/exports.module';
import { FlagsModule } from './flags/flags.module';
import { FollowUpsModule } from './followups/follow-ups.module';
import { HealthModule } from './health/health.module';
import { OutboxModule } from './outbox/outbox.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PatientsModule } from './patients/patients.module';
import { RemsModule } from './rems/rems.module';
import { SessionsModule } from './sessions/sessions.module';
import { SignalsModule } from './signals/signals.module';
import { SuicideRiskModule } from './suicide-risk/suicide-risk.module';
import { ThresholdsModule } from './thresholds/thresholds.module';
import { UsersModule } from './users/users.module';

/**
 * The composition root's list of features (AppModule imports them; each imports what it uses).
 * Dependencies point one way (docs/architecture.md; `node scripts/dependency-graph.mjs` checks).
 */
export const FEATURES = [
  HealthModule,
  AuthModule,
  ClinicsModule,
  UsersModule,
  PatientsModule,
  SessionsModule,
  CoursesModule,
  CourseSummaryModule,
  AssessmentsModule,
  FlagsModule,
  ThresholdsModule,
  BoardModule,
  OutcomesModule,
  FollowUpsModule,
  OutboxModule,
  AmendmentsModule,
  ExportsModule,
  SuicideRiskModule,
  RemsModule,
  SignalsModule,
  AuditLogModule,
];

/**
 * Every entity, as the modules register them: for the data source opened before Nest starts
 * (openDatabase) and for tests that open one without the application.
 */
export const ENTITIES: readonly EntityClass[] = (
  [CommonModule, ...FEATURES] as { entities?: readonly EntityClass[] }[]
).flatMap((m) => m.entities ?? []);
