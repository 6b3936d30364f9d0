/** The PHQ-9s of a course: baseline, pre-dose and 24-h / 72-h follow-ups, drawn until they show the plan. */
import {
  attributeToSession,
  computeResponse,
  DAY_MS,
  DEFAULT_THRESHOLDS,
  HOUR_MS,
  hoursBetween,
  type RecallPeriod,
  scorePhq9,
} from '@clinic/shared';
import type { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { clamp, minutes } from './helpers';
import type { DemoContext, PatientPlan, SessionDraft } from './model';
import { courseAsPlanned, neverResponds, phq9Items, trajectory } from './phq9-trajectory';
import { MISSING_ITEMS } from './scenarios';

const T = DEFAULT_THRESHOLDS;

type Phq9Kind = 'baseline' | 'pre' | '24h' | '72h';

interface Phq9Draft {
  kind: Phq9Kind;
  sessionIndex: number | null;
  at: number;
  total: number;
  item9: number;
  recall: RecallPeriod;
  recordedBy: string | null;
}

/**
 * PHQ-9s of a course, redrawn until they show what the plan says: the tolerance pattern only in
 * its scenario, a response (some total <= 50% of the baseline) exactly for responders and
 * remitters, a worsening (>= baseline + 5) only in its scenario.
 */
export function phq9Course(
  ctx: DemoContext,
  plan: PatientPlan,
  drafts: SessionDraft[],
  baselineAt: number,
): void {
  let rows: Phq9Assessment[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    rows = phq9Rows(ctx, plan, drafts, baselineAt);
    const response = computeResponse(
      drafts.map((d) => d.row),
      rows.map((r) => ({
        id: r.id,
        administeredAt: r.administeredAt,
        total: r.total,
        valid: r.valid,
        recall: r.recall,
      })),
    );
    if (courseAsPlanned(plan, response, rows)) break;
  }
  ctx.rows.phq9.push(...rows);
}

function phq9Rows(
  ctx: DemoContext,
  plan: PatientPlan,
  drafts: SessionDraft[],
  baselineAt: number,
): Phq9Assessment[] {
  const rng = ctx.rng;
  const n = drafts.length;
  const traj = trajectory(plan, n, rng);
  const nurse = plan.clinic.nurseId;
  const drafted: Phq9Draft[] = [
    {
      kind: 'baseline',
      sessionIndex: null,
      at: baselineAt,
      total: traj.baseline,
      item9: 0,
      recall: 'two_weeks',
      recordedBy: plan.clinic.psychiatristId,
    },
  ];
  // Measurement noise never turns a partial or non-responder into a responder (total <= 50% of
  // the baseline), nor anyone but the worsening scenario into a worsening (>= baseline + 5).
  const floor = neverResponds(plan) ? Math.floor(traj.baseline * T.response.responseRatio) + 1 : 0;
  const ceiling = plan.scenario === 'worsening' ? 27 : traj.baseline + T.phq9.worseningPoints - 1;
  const measured = (value: number): number =>
    clamp(Math.round(value + rng.normal(0, traj.noise)), floor, Math.min(24, ceiling));
  for (let i = 0; i < n; i++) {
    const start = drafts[i].row.startedAt.getTime();
    const next = i + 1 < n ? drafts[i + 1].row.startedAt.getTime() : Infinity;
    const previous = i > 0 ? drafts[i - 1].row.startedAt.getTime() : null;
    const last = i === n - 1;
    // The named scenarios never miss a follow-up: their flags are exactly the ones they are built
    // for (followup.missed comes from the other patients' missed links).
    const model = plan.scenario !== null;
    const forcedPre =
      (plan.scenario === 'tolerance' && i >= n - 3) || (plan.scenario === 'item9_2' && last);
    const forced24 = model;
    const forced72 = model;

    // Pre-dose PHQ-9 before some sessions (most when the previous dose was 3 days earlier, where
    // it stands in for the 72-h follow-up). Never before session 1: the baseline serves there.
    if (previous !== null) {
      const gapDays = (start - previous) / DAY_MS;
      if (forcedPre || (model && gapDays < 3.5) || rng.chance(gapDays < 3.5 ? 0.85 : 0.4)) {
        drafted.push({
          kind: 'pre',
          sessionIndex: i,
          at: start - minutes(rng.int(15, 45)),
          total: traj.noise === 0 ? traj.pre[i] : measured(traj.pre[i]),
          item9: plan.scenario === 'item9_2' && last ? 2 : 0,
          recall: gapDays >= 7 ? 'two_weeks' : '24_hours',
          recordedBy: nurse,
        });
      }
    }
    // 24-h and 72-h follow-ups (24-hour recall), mostly self-reported through the link.
    const followUp = (kind: '24h' | '72h', at: number, value: number): void => {
      if (at > ctx.nowMs || at > next - 2 * HOUR_MS) return;
      drafted.push({
        kind,
        sessionIndex: i,
        at,
        total: traj.noise === 0 ? value : measured(value),
        item9: kind === '24h' && plan.scenario === 'item9_1' && last ? 1 : 0,
        recall: '24_hours',
        recordedBy: rng.chance(0.7) ? null : nurse,
      });
    };
    if (forced24 || rng.chance(0.88)) {
      followUp('24h', start + minutes(rng.int(20 * 60, 28 * 60)), traj.at24[i]);
    }
    if (next - start >= 3.5 * DAY_MS && (forced72 || rng.chance(0.78))) {
      followUp('72h', start + minutes(rng.int(66 * 60, 78 * 60)), traj.at72[i]);
    }
  }

  // Missing items: a prorated or invalid follow-up on the designated patients.
  const missing =
    MISSING_ITEMS.find(([c, p]) => c === plan.clinic.index && p === plan.index)?.[2] ?? 0;
  const followUps = drafted.filter((d) => d.kind === '24h' || d.kind === '72h');
  const withMissing =
    missing > 0 && followUps.length > 0 ? followUps[Math.floor(followUps.length / 2)] : null;

  const sessions = drafts.map((d) => d.row);
  return drafted.map((d) => {
    const items: (number | null)[] = phq9Items(d.total, d.item9, rng);
    // Scenario NG-00039: the paper 24-h PHQ-9 after the latest session, item 9 left blank.
    const item9Blank =
      plan.scenario === 'item9_unanswered' && d.kind === '24h' && d.sessionIndex === n - 1;
    if (item9Blank) {
      items[8] = null;
      d.recordedBy = nurse;
    }
    if (d === withMissing) {
      // Items 3-8 (sleep, energy, appetite, self-worth, concentration, psychomotor) left blank.
      for (const index of rng.shuffle([2, 3, 4, 5, 6, 7]).slice(0, missing)) items[index] = null;
    }
    const score = scorePhq9(items);
    const administeredAt = new Date(d.at);
    const dose = attributeToSession(administeredAt, sessions);
    const item10 = rng.chance(0.1)
      ? null
      : clamp(Math.round((score.total ?? d.total) / 7 + rng.float(-0.5, 0.5)), 0, 3);
    return {
      id: ctx.ids.uuid(),
      patientId: plan.id,
      clinicId: plan.clinic.id,
      sessionId: d.sessionIndex === null ? null : drafts[d.sessionIndex].row.id,
      administeredAt,
      item1: items[0],
      item2: items[1],
      item3: items[2],
      item4: items[3],
      item5: items[4],
      item6: items[5],
      item7: items[6],
      item8: items[7],
      item9: items[8],
      item10,
      total: score.total,
      severity: score.severity,
      prorated: score.prorated,
      valid: score.valid,
      item9Positive: score.item9Positive,
      recall: d.recall,
      // A follow-up nobody on staff recorded was answered by the patient through the link.
      source:
        d.recordedBy === null && (d.kind === '24h' || d.kind === '72h')
          ? ('self_report' as const)
          : ('clinic' as const),
      hoursSinceDose: dose ? hoursBetween(dose.startedAt, administeredAt) : null,
      recordedBy: d.recordedBy,
      createdAt: new Date(Math.min(d.at + minutes(rng.int(0, 3)), ctx.nowMs)),
    };
  });
}
