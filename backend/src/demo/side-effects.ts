/** Side effects of a session: the scenario's own, then the common ones drawn at random. */
import { type SideEffectSeverity, type SideEffectType } from '@clinic/shared';
import type { SideEffect } from '../sessions/side-effect.entity';
import { minutes, weighted } from './helpers';
import type { DemoContext, PatientPlan, SessionDraft } from './model';
import { definitionOf } from './scenarios';

const SIDE_EFFECTS: readonly (readonly [SideEffectType, number, string | null])[] = [
  ['nausea', 30, 'Settled with ondansetron 4 mg'],
  ['headache', 18, null],
  ['dizziness', 18, 'On standing at discharge check; settled seated'],
  ['anxiety', 8, 'Reassurance; settled'],
  ['perceptual_disturbance', 6, 'Visual distortions during the infusion'],
  ['vomiting', 4, null],
];

function sideEffect(
  ctx: DemoContext,
  plan: PatientPlan,
  draft: SessionDraft,
  type: SideEffectType,
  severity: SideEffectSeverity,
  onset: number,
  notes: string | null,
  seriousCriterion: SideEffect['seriousCriterion'] = null,
): void {
  // Not after the discharge, nor (in an ongoing session) after now.
  if (onset > draft.end) return;
  const at = onset;
  ctx.rows.sideEffects.push({
    id: ctx.ids.uuid(),
    sessionId: draft.row.id,
    patientId: plan.id,
    clinicId: plan.clinic.id,
    type,
    severity,
    onsetAt: new Date(at),
    notes,
    serious: seriousCriterion !== null,
    seriousCriterion,
    recordedBy: plan.clinic.nurseId,
    createdAt: new Date(Math.min(at + minutes(ctx.rng.int(2, 15)), draft.end, ctx.nowMs)),
  });
}

export function sideEffects(ctx: DemoContext, plan: PatientPlan, draft: SessionDraft): void {
  const rng = ctx.rng;
  const start = draft.row.startedAt.getTime();
  const i = draft.row.sessionNumber - 1;
  const last = draft.row.sessionNumber === plan.sessionCount;
  // The named scenario's side effect in this session (scenarios/*.ts).
  const special = definitionOf(plan.scenario)?.sideEffect?.({ i, last }) ?? null;
  if (special) {
    sideEffect(
      ctx,
      plan,
      draft,
      special.type,
      special.severity,
      start + minutes(special.minute),
      special.notes,
      special.seriousCriterion ?? null,
    );
  }
  if (draft.peakCadss >= 6 && plan.scenario !== 'dissociation' && rng.chance(0.35)) {
    sideEffect(
      ctx,
      plan,
      draft,
      'dissociation',
      draft.peakCadss >= 9 ? 'moderate' : 'mild',
      start + minutes(rng.int(25, 40)),
      null,
    );
  }
  if (draft.lowestMoaas === 3 && rng.chance(0.5)) {
    sideEffect(
      ctx,
      plan,
      draft,
      'sedation',
      'mild',
      start + minutes(30),
      'Responded to loud voice at 30-40 min',
    );
  }
  if (rng.chance(0.2)) {
    const [type, , note] = weighted(
      rng,
      SIDE_EFFECTS.map((s) => [s, s[1]] as const),
    );
    const severity = weighted<SideEffectSeverity>(rng, [
      ['mild', 0.82],
      ['moderate', 0.18],
    ]);
    sideEffect(
      ctx,
      plan,
      draft,
      type,
      severity,
      start + minutes(rng.int(15, 60)),
      rng.chance(0.6) ? note : null,
    );
  }
}
