import { AuthSession, LoginAttempt, StreamTicket } from '../auth/auth-session.entity';
import { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { RiskEvent } from '../assessments/risk-event.entity';
import { Clinic } from '../clinics/clinic.entity';
import { AuditEntry } from '../common/audit/audit-entry.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Flag } from '../flags/flag.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { AppSetting, FollowUpRequest } from '../followups/follow-up-request.entity';
import { Patient } from '../patients/patient.entity';
import { DosingSession } from '../sessions/dosing-session.entity';
import { SchedulerRun } from '../signals/scheduler-run.entity';
import { Observation } from '../sessions/observation.entity';
import { SideEffect } from '../sessions/side-effect.entity';
import { CssrsScreening } from '../suicide-risk/cssrs-screening.entity';
import { SafetyPlan } from '../suicide-risk/safety-plan.entity';
import { User, UserClinic } from '../users/user.entity';

export const ENTITIES = [
  Clinic,
  User,
  UserClinic,
  AuthSession,
  LoginAttempt,
  StreamTicket,
  Patient,
  DosingSession,
  Observation,
  SideEffect,
  RiskEvent,
  Phq9Assessment,
  Flag,
  AuditEntry,
  FollowUpRequest,
  AppSetting,
  OutboxMessage,
  IdempotencyKey,
  SchedulerRun,
  CssrsScreening,
  SafetyPlan,
];
