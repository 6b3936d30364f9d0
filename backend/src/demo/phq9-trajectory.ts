/** The PHQ-9 course a plan calls for: totals over time, items, and the check that it shows the plan. */
import { DEFAULT_THRESHOLDS, type PatientResponseDto, responseCategory } from '@clinic/shared';
import type { Phq9Assessment } from '../assessments/phq9-assessment.entity';
import { clamp } from './helpers';
import type { PatientPlan, Trajectory } from './model';
import type { Prng } from './prng';
import { definitionOf } from './scenarios';

const T = DEFAULT_THRESHOLDS;

/** Nine answers summing to `total` (item 9 fixed to `item9`); the core symptoms weigh most. */
export function phq9Items(total: number, item9: number, rng: Prng): number[] {
  const items = [0, 0, 0, 0, 0, 0, 0, 0, item9];
  const weights = [1.3, 1.4, 1.2, 1.4, 1.0, 1.1, 1.0, 0.6];
  let left = clamp(total - item9, 0, 24);
  while (left > 0) {
    const open = weights.map((w, i) => (items[i] < 3 ? w : 0));
    const sum = open.reduce((a, b) => a + b, 0);
    let r = rng.next() * sum;
    let chosen = 0;
    for (let i = 0; i < 8; i++) {
      r -= open[i];
      if (r < 0 && open[i] > 0) {
        chosen = i;
        break;
      }
      if (open[i] > 0) chosen = i;
    }
    items[chosen]++;
    left--;
  }
  return items;
}

export function trajectory(plan: PatientPlan, n: number, rng: Prng): Trajectory {
  const fixed = definitionOf(plan.scenario)?.trajectory;
  if (fixed) return fixed;
  const baseline = clamp(Math.round(rng.normal(19, 3)), 14, 24);
  const [target, tau, acute] = ((): [number, number, number] => {
    switch (plan.response) {
      case 'remitter':
        return [rng.int(1, 4), rng.float(1.2, 2.5), rng.float(0.2, 0.4)];
      case 'responder':
        return [
          Math.round(baseline * rng.float(0.3, 0.46)),
          rng.float(1.5, 3),
          rng.float(0.2, 0.4),
        ];
      case 'partial':
        return [
          Math.round(baseline * rng.float(0.56, 0.72)),
          rng.float(1.5, 3),
          rng.float(0.2, 0.35),
        ];
      case 'non':
        // Transient 24-h improvements without a sustained change.
        return [Math.round(baseline * rng.float(0.82, 1)), 2, rng.float(0.1, 0.35)];
    }
  })();
  const pre = Array.from(
    { length: n + 1 },
    (_, k) => target + (baseline - target) * Math.exp(-k / tau),
  );
  const at24 = pre.slice(0, n).map((p) => p * (1 - acute));
  const at72 = pre.slice(0, n).map((p, k) => (p + pre[k + 1]) / 2 - 0.35 * acute * p);
  return { baseline, pre: pre.slice(0, n), at24, at72, noise: 1.2 };
}

/** Over the last 3 sessions with a 24-h point, the 24-h gain over the pre-dose score keeps falling (CLINICAL.md s4). */
export function diminishingResponse(response: PatientResponseDto): boolean {
  const withPoint = response.sessions.filter((s) => s.at24h !== null && s.preDoseTotal !== null);
  if (withPoint.length < T.tolerance.sessions) return false;
  const last = withPoint.slice(-T.tolerance.sessions);
  const gains = last.map((s) => (s.preDoseTotal ?? 0) - (s.at24h?.total ?? 0));
  const falling = gains.every((g, i) => i === 0 || g < gains[i - 1]);
  return (
    falling &&
    gains[gains.length - 1] < gains[0] * T.tolerance.ratio &&
    last[last.length - 1].doseMg >= last[0].doseMg
  );
}

/** Partial and non-responders never reach a response (nonresponse.after_induction is theirs). */
export function neverResponds(plan: PatientPlan): boolean {
  return plan.response === 'partial' || plan.response === 'non';
}

/** Whether a drawn course of PHQ-9s shows what the plan says (see phq9-course.ts). */
export function courseAsPlanned(
  plan: PatientPlan,
  response: PatientResponseDto,
  rows: readonly Phq9Assessment[],
): boolean {
  const baseline = response.baseline;
  if (baseline === null) return false;
  const after = rows.filter(
    (r) =>
      r.valid &&
      r.total !== null &&
      r.administeredAt.getTime() > Date.parse(baseline.administeredAt),
  );
  const totals = after.map((r) => r.total ?? 0);
  // A remission (total < 5) is a response too.
  const responded = totals.some((total) =>
    ['response', 'remission'].includes(responseCategory(total, baseline.total)),
  );
  const worsened = totals.some((total) => total >= baseline.total + T.phq9.worseningPoints);
  return (
    diminishingResponse(response) === (plan.scenario === 'tolerance') &&
    responded === !neverResponds(plan) &&
    worsened === (plan.scenario === 'worsening')
  );
}
