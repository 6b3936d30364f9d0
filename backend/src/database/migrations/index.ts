import { InitialSchema1764547200000 } from './1764547200000-initial-schema';
import { Signals1764633600000 } from './1764633600000-signals';
import { StreamTickets1764720000000 } from './1764720000000-stream-tickets';
import { FollowUps1764806400000 } from './1764806400000-follow-ups';
import { Outbox1764892800000 } from './1764892800000-outbox';
import { Phq9Source1764979200000 } from './1764979200000-phq9-source';
import { EnteredInError1765065600000 } from './1765065600000-entered-in-error';
import { PatientSearchIndex1765152000000 } from './1765152000000-patient-search-index';
import { IdempotencyKeys1765238400000 } from './1765238400000-idempotency-keys';
import { AuditChain1765324800000 } from './1765324800000-audit-chain';
import { SchedulerRuns1765411200000 } from './1765411200000-scheduler-runs';
import { FlagHistory1765497600000 } from './1765497600000-flag-history';
import { SuicideRisk1765584000000 } from './1765584000000-suicide-risk';
import { SeriousAdverseEvents1765670400000 } from './1765670400000-serious-adverse-events';
import { EvidenceWithdrawn1765843200000 } from './1765843200000-evidence-withdrawn';
import { AccountsAndAuditDetails1765929600000 } from './1765929600000-accounts-and-audit-details';
import { OutboxWithoutLinks1766016000000 } from './1766016000000-outbox-without-links';
import { OrderedSessions1766188800000 } from './1766188800000-ordered-sessions';
import { AuditViewId1766448000000 } from './1766448000000-audit-view-id';
import { TreatmentCourses1766534400000 } from './1766534400000-treatment-courses';
import { RemsSubmissions1766620800000 } from './1766620800000-rems-submissions';

/** Every migration, in order. Listed explicitly (not globbed) so the bundled backend carries them. */
export const MIGRATIONS = [
  InitialSchema1764547200000,
  Signals1764633600000,
  StreamTickets1764720000000,
  FollowUps1764806400000,
  Outbox1764892800000,
  Phq9Source1764979200000,
  EnteredInError1765065600000,
  PatientSearchIndex1765152000000,
  IdempotencyKeys1765238400000,
  AuditChain1765324800000,
  SchedulerRuns1765411200000,
  FlagHistory1765497600000,
  SuicideRisk1765584000000,
  SeriousAdverseEvents1765670400000,
  EvidenceWithdrawn1765843200000,
  AccountsAndAuditDetails1765929600000,
  OutboxWithoutLinks1766016000000,
  OrderedSessions1766188800000,
  AuditViewId1766448000000,
  TreatmentCourses1766534400000,
  RemsSubmissions1766620800000,
];
