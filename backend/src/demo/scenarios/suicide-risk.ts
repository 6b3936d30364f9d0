/** Named scenarios of suicide risk (CLINICAL.md s4 phq9.*, suicide_risk.*; s10). */
import { cssrsRisk } from '@clinic/shared';
import type { Phq9Assessment } from '../../assessments/phq9-assessment.entity';
import type { CssrsScreening } from '../../suicide-risk/cssrs-screening.entity';
import { minutes } from '../helpers';
import type { DemoContext, PatientPlan, Scenario } from '../model';
import type { ScenarioDefinition } from './definition';

/** A C-SSRS screener `delayMinutes` after a PHQ-9 (never later than 5 min before now). */
function screener(
  ctx: DemoContext,
  plan: PatientPlan,
  after: Phq9Assessment,
  delayMinutes: number,
  answers: Pick<
    CssrsScreening,
    'wishDead' | 'suicidalThoughts' | 'method' | 'intent' | 'plan' | 'behavior'
  > &
    Partial<Pick<CssrsScreening, 'behaviorPast3Months'>>,
): CssrsScreening {
  const administeredAt = new Date(
    Math.min(after.administeredAt.getTime() + minutes(delayMinutes), ctx.nowMs - minutes(5)),
  );
  const all = { behaviorPast3Months: null, ...answers };
  const row: CssrsScreening = {
    id: ctx.ids.uuid(),
    patientId: plan.id,
    clinicId: plan.clinic.id,
    administeredAt,
    ...all,
    risk: cssrsRisk(all),
    phq9Id: after.id,
    recordedBy: plan.clinic.psychiatristId,
    createdAt: new Date(Math.min(administeredAt.getTime() + minutes(5), ctx.nowMs)),
  };
  ctx.rows.cssrs.push(row);
  return row;
}

/**
 * Scenario RC-00005 (CLINICAL.md s10): item 9 = 2 before the latest session, then the same-day
 * C-SSRS screener (moderate: wish to be dead, an aborted attempt years ago) and a review of the
 * safety plan written at intake.
 */
function item9Assessment(ctx: DemoContext, plan: PatientPlan, intakeAt: Date): void {
  const positive = ctx.rows.phq9.find((a) => a.patientId === plan.id && a.item9Positive);
  if (!positive) throw new Error('item-9 scenario without a positive item 9');
  const screening = screener(ctx, plan, positive, 25, {
    wishDead: true,
    suicidalThoughts: false,
    method: null,
    intent: null,
    plan: null,
    behavior: true,
    behaviorPast3Months: false,
  });
  const base = {
    patientId: plan.id,
    clinicId: plan.clinic.id,
    copingStrategies: ['Walk the dog round the park', 'Music playlist from the clinic group'],
    socialDistractions: ['Coffee with a neighbour', 'Choir practice on Thursdays'],
    professionalContacts: ['Clinic on-call line (synthetic)', '988 Suicide & Crisis Lifeline'],
    reasonsForLiving: 'Two children; the allotment in spring',
  };
  ctx.rows.safetyPlans.push(
    {
      ...base,
      id: ctx.ids.uuid(),
      version: 1,
      warningSigns: ['Not sleeping', 'Staying in bed past noon'],
      helpContacts: ['Sister (synthetic contact)'],
      meansSafety: 'Partner keeps the prescribed medication',
      updatedAt: new Date(intakeAt.getTime() + minutes(30)),
      updatedBy: plan.clinic.psychiatristId,
    },
    {
      ...base,
      id: ctx.ids.uuid(),
      version: 2,
      warningSigns: [
        'Not sleeping',
        'Staying in bed past noon',
        'Thinking I would be better off dead',
      ],
      helpContacts: ['Sister (synthetic contact)', 'Friend from choir (synthetic contact)'],
      meansSafety:
        'Partner keeps the prescribed medication; the old stock returned to the pharmacy',
      updatedAt: new Date(
        Math.min(screening.administeredAt.getTime() + minutes(20), ctx.nowMs - minutes(1)),
      ),
      updatedBy: plan.clinic.psychiatristId,
    },
  );
}

/** Scenario RC-00011: a high-risk C-SSRS screener after the latest (worsened) PHQ-9. */
function highRiskScreener(ctx: DemoContext, plan: PatientPlan): void {
  const latest = ctx.rows.phq9
    .filter((a) => a.patientId === plan.id)
    .reduce((a, b) => (b.administeredAt > a.administeredAt ? b : a));
  screener(ctx, plan, latest, 30, {
    wishDead: true,
    suicidalThoughts: true,
    method: true,
    intent: true,
    plan: false,
    behavior: false,
  });
}

// The item-9 answers themselves (1 at a 24-h follow-up, 2 before a session, blank on a paper
// form) are drawn with the PHQ-9s (phq9-course.ts).
export const SUICIDE_RISK_SCENARIOS = {
  item9_1: {
    protocol: 'iv',
    response: 'non',
    sessions: 8,
    lastDaysAgo: 2,
    rules: ['phq9.item9_positive', 'nonresponse.after_induction'],
  },
  item9_2: {
    protocol: 'esketamine',
    response: 'partial',
    sessions: 8,
    lastDaysAgo: 1,
    rules: ['phq9.item9_positive', 'suicide_risk.moderate', 'nonresponse.after_induction'],
    session: ({ last }) =>
      last
        ? 'Pre-dose PHQ-9 item 9 = 2: same-day safety assessment by psychiatrist (passive thoughts, no plan or intent); safety plan reviewed; session proceeded.'
        : null,
    afterCourse: (ctx, plan, _drafts, intakeAt) => item9Assessment(ctx, plan, intakeAt),
  },
  worsening: {
    protocol: 'iv',
    response: 'non',
    sessions: 8,
    lastDaysAgo: 3,
    rules: ['phq9.worsening', 'suicide_risk.high', 'nonresponse.after_induction'],
    // A non-responder whose depression deepens after a bereavement between sessions 6 and 7: from
    // then on every PHQ-9 is at least the baseline 14 + 5 (MCID).
    trajectory: {
      baseline: 14,
      pre: [14, 13, 12, 12, 13, 15, 19, 20],
      at24: [11, 10, 10, 10, 11, 13, 19, 19],
      at72: [13, 12, 12, 12, 14, 16, 20, 21],
      noise: 0,
    },
    afterCourse: (ctx, plan) => highRiskScreener(ctx, plan),
  },
  item9_unanswered: {
    protocol: 'iv',
    response: 'responder',
    sessions: 7,
    lastDaysAgo: 2,
    rules: ['phq9.item9_unanswered'],
  },
} satisfies Partial<Record<Scenario, ScenarioDefinition>>;
