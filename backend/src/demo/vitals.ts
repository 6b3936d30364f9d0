/** Vital signs, sedation and dissociation of a session, minute by minute. */
import { cadss6Total, DEFAULT_THRESHOLDS, type Drug, type Route } from '@clinic/shared';
import { BP_CURVE, CADSS_CURVE, curve, IM_CADSS_CURVE } from './curves';
import { clamp, weighted } from './helpers';
import type { PatientPlan } from './model';
import type { Prng } from './prng';

const T = DEFAULT_THRESHOLDS;

export interface Vitals {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number;
  moaas: number;
  cadss6: number[] | null;
}

export interface EffectPlan {
  pre: { sys: number; dia: number; hr: number; spo2: number; rr: number };
  sysRise: number;
  diaRise: number;
  hrRise: number;
  /** 0: MOAA/S stays 5; 1: dips to 4; 2: dips to 3 at 30-40 min. */
  sedation: 0 | 1 | 2;
  sedationOnset: number;
  sedationRecovery: number;
  cadssPeak: number[];
  cadssCurve: readonly (readonly [number, number])[];
  /** Scenario values by scheduled minute, over the modelled ones. */
  table?: (m: number) => Partial<Vitals> | undefined;
}

export function effectPlan(plan: PatientPlan, drug: Drug, route: Route, rng: Prng): EffectPlan {
  const v = plan.vitals;
  const elevated = plan.scenario === 'predose_bp';
  const pre = {
    // Pre-dose BP stays <= 140/90 except for the patient of the pre-dose BP scenario.
    sys: elevated ? rng.int(142, 150) : clamp(v.sys + rng.int(-5, 5), 100, 139),
    dia: elevated ? rng.int(91, 96) : clamp(v.dia + rng.int(-4, 4), 60, 88),
    hr: clamp(v.hr + rng.int(-6, 6), 55, 100),
    spo2: clamp(v.spo2 + rng.int(-1, 1), 95, 99),
    rr: clamp(v.rr + rng.int(-1, 1), 12, 18),
  };
  const esketamine = drug === 'esketamine';
  // MOAA/S 3 (sedation.moderate) now and then, except in the named scenarios, whose flags are
  // exactly the ones they are built for.
  const sedation = weighted<0 | 1 | 2>(rng, [
    [0, 0.25],
    [1, esketamine ? 0.68 : 0.71],
    [2, plan.scenario !== null ? 0 : esketamine ? 0.07 : 0.04],
  ]);
  const intensity = weighted(rng, [
    ['none', esketamine ? 0.1 : 0.15],
    ['low', 0.45],
    ['mid', esketamine ? 0.37 : 0.34],
    ['high', esketamine ? 0.08 : 0.06],
  ] as const);
  const cadssPeak = Array.from({ length: 6 }, () => {
    switch (intensity) {
      case 'none':
        return 0;
      case 'low':
        return rng.chance(0.35) ? 1 : 0;
      case 'mid':
        return rng.int(0, 2);
      case 'high':
        return rng.int(1, 3);
    }
  });
  // Below the "marked" policy defaults (total 12, any item 4) outside the dissociation scenario.
  while (cadss6Total(cadssPeak) >= T.dissociation.markedTotal)
    cadssPeak[cadssPeak.indexOf(Math.max(...cadssPeak))]--;
  return {
    pre,
    sysRise: elevated ? rng.int(8, 16) : clamp(Math.round(rng.normal(16, 5)), 6, 30),
    diaRise: elevated ? rng.int(5, 10) : clamp(Math.round(rng.normal(11, 3.5)), 4, 18),
    hrRise: rng.int(2, 12),
    sedation,
    cadssCurve: route === 'im' ? IM_CADSS_CURVE : CADSS_CURVE,
    sedationOnset: route === 'im' ? 15 : rng.pick([15, 30, 30]),
    sedationRecovery: sedation === 2 || rng.chance(0.3) ? 90 : 60,
    cadssPeak,
  };
}

export function vitalsAt(e: EffectPlan, m: number, rng: Prng): Vitals {
  if (m < 0) {
    return {
      systolic: e.pre.sys,
      diastolic: e.pre.dia,
      heartRate: e.pre.hr,
      spo2: e.pre.spo2,
      respiratoryRate: e.pre.rr,
      moaas: 5,
      cadss6: [0, 0, 0, 0, 0, 0],
    };
  }
  const bp = curve(BP_CURVE, m);
  let moaas = 5;
  if (e.sedation > 0 && m >= e.sedationOnset && m < e.sedationRecovery) {
    moaas = m >= 30 && m <= 40 ? 5 - e.sedation : 4;
  }
  const cadssShare = curve(e.cadssCurve, m);
  const values: Vitals = {
    // Outside the severe-BP scenario the BP stays below 180/110 and the rise below 40/25.
    systolic: Math.min(172, e.pre.sys + Math.round(e.sysRise * bp) + rng.int(-2, 2)),
    diastolic: Math.min(105, e.pre.dia + Math.round(e.diaRise * bp) + rng.int(-2, 2)),
    heartRate: e.pre.hr + Math.round(e.hrRise * bp) + rng.int(-3, 3),
    spo2: clamp(e.pre.spo2 - (moaas < 5 ? rng.int(0, 1) : 0), 95, 100),
    respiratoryRate: clamp(e.pre.rr + rng.int(-1, 1), 11, 20),
    moaas,
    // CADSS-6 is rated from 30 min (around the 40-min peak) and at every later observation.
    cadss6: m >= 30 ? e.cadssPeak.map((peak) => Math.round(peak * cadssShare)) : null,
  };
  return { ...values, ...(e.table?.(m) ?? {}) };
}
