/** Named scenarios of misuse and tolerance (CLINICAL.md s4 misuse.*, tolerance.*). */
import { HOUR_MS } from '@clinic/shared';
import type { RiskEvent } from '../../assessments/risk-event.entity';
import { minutes } from '../helpers';
import type { DemoContext, PatientPlan, Scenario, SessionDraft } from '../model';
import type { ScenarioDefinition } from './definition';

/** Scenario RC-00002: two requests for an earlier session and a craving, around sessions 7-9. */
function misuseEvents(ctx: DemoContext, plan: PatientPlan, drafts: readonly SessionDraft[]): void {
  const at = (i: number, hours: number): number =>
    drafts[i].row.startedAt.getTime() + hours * HOUR_MS;
  const events: [RiskEvent['type'], number, string][] = [
    [
      'early_session_request',
      at(6, 26),
      'Phoned asking to bring the next session forward; says the effect wears off after two days.',
    ],
    [
      'early_session_request',
      at(7, 27),
      'Second request this month for an earlier session; asked whether the dose could go up.',
    ],
    [
      'craving',
      at(8, -3),
      'Describes strong urges for ketamine between sessions; denies non-clinic use. Discussed with psychiatrist.',
    ],
  ];
  for (const [type, occurredAt, notes] of events) {
    if (occurredAt > ctx.nowMs) continue;
    ctx.rows.riskEvents.push({
      id: ctx.ids.uuid(),
      patientId: plan.id,
      clinicId: plan.clinic.id,
      type,
      occurredAt: new Date(occurredAt),
      notes,
      recordedBy: type === 'craving' ? plan.clinic.psychiatristId : plan.clinic.nurseId,
      createdAt: new Date(Math.min(occurredAt + minutes(10), ctx.nowMs)),
    });
  }
}

/** Scenario RC-00018: non-clinic ketamine use, disclosed before the latest session. */
function reportedUse(ctx: DemoContext, plan: PatientPlan, draft: SessionDraft): void {
  const occurredAt = new Date(draft.row.startedAt.getTime() - minutes(40));
  ctx.rows.riskEvents.push({
    id: ctx.ids.uuid(),
    patientId: plan.id,
    clinicId: plan.clinic.id,
    type: 'reported_nonclinic_use',
    occurredAt,
    notes:
      'Disclosed at the pre-dose check: bought ketamine online and took it at home twice in the past fortnight. Reviewed by psychiatrist; treatment agreement revisited; urine drug screen sent.',
    recordedBy: plan.clinic.psychiatristId,
    createdAt: new Date(occurredAt.getTime() + minutes(15)),
  });
}

// The misuse scenario's rising doses and its third session within 7 days are in plans.ts
// (courseDoses, placeSessions).
export const MISUSE_SCENARIOS = {
  misuse: {
    protocol: 'iv',
    response: 'partial',
    sessions: 9,
    lastDaysAgo: 3,
    rules: [
      'misuse.session_frequency',
      'misuse.dose_escalation',
      'misuse.craving',
      'misuse.urinary_symptoms',
      'nonresponse.after_induction',
      // Sessions 8 and 9 come 3 days after the one before, in maintenance (at least 7 days).
      'course.off_protocol',
    ],
    // Induction, a session 10 days later, then two early ones: sessions 7-9 within 6 days.
    gaps: [3, 4, 3, 4, 3, 10, 3, 3],
    session: ({ i }) =>
      i === 7
        ? "Session brought forward at the patient's request; dose increased to 0.7 mg/kg."
        : i === 8
          ? "Second early session this week at the patient's request; dose 0.8 mg/kg."
          : null,
    sideEffect: ({ i }) =>
      i === 8
        ? {
            type: 'urinary_symptoms',
            severity: 'mild',
            minute: 5,
            notes:
              'Reports urinary frequency and suprapubic discomfort for a week; urinalysis requested',
          }
        : null,
    afterCourse: (ctx, plan, drafts) => misuseEvents(ctx, plan, drafts),
  },
  reported_use: {
    protocol: 'iv',
    response: 'responder',
    sessions: 9,
    lastDaysAgo: 2,
    rules: ['misuse.reported_use'],
    afterCourse: (ctx, plan, drafts) => reportedUse(ctx, plan, drafts[drafts.length - 1]),
  },
  tolerance: {
    protocol: 'iv',
    response: 'responder',
    sessions: 10,
    lastDaysAgo: 4,
    rules: ['tolerance.diminishing_response'],
    gaps: [3, 4, 3, 4, 3, 7, 7, 7, 7],
    // A responder in induction whose benefit wanes in maintenance; the acute 24-h gain over the
    // pre-dose score shrinks 9 -> 6 -> 2 over the last three sessions, at the same dose.
    trajectory: {
      baseline: 21,
      pre: [21, 15, 12, 9, 8, 8, 11, 15, 16, 16],
      at24: [14, 9, 6, 5, 4, 4, 5, 6, 10, 14],
      at72: [17, 12, 9, 7, 6, 7, 9, 9, 13, 15],
      noise: 0,
    },
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
