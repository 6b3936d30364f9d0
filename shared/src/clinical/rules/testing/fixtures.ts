/** Fixtures for the rule specs: small records with times relative to a fixed `NOW`. */
import { BUILT_IN_PROTOCOL_IDS, BUILT_IN_PROTOCOLS } from '../../protocols';
import { DEFAULT_THRESHOLDS, type ClinicThresholds } from '../../thresholds';
import type { Timestamp } from '../../time';
import { RULES } from '../index';
import type {
  FlagCandidate,
  PatientRecords,
  RuleCourse,
  RuleCssrs,
  RuleId,
  RuleObservation,
  RulePhq9,
  RuleProtocol,
  RuleRiskEvent,
  RuleSession,
  RuleSideEffect,
} from '../types';

export const NOW = new Date('2026-03-10T12:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO time `ms` before NOW. */
export const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
/** ISO time `ms` after `from`. */
export const after = (from: Timestamp, ms: number): string =>
  new Date(new Date(from).getTime() + ms).toISOString();

/** An IV ketamine session (0.5 mg/kg, 40-min infusion) in progress, started an hour before NOW. */
export function session(id: string, fields: Partial<RuleSession> = {}): RuleSession {
  return {
    id,
    sessionNumber: 1,
    drug: 'ketamine',
    route: 'iv',
    doseMg: 35,
    doseMgPerKg: 0.5,
    startedAt: ago(HOUR),
    infusionMinutes: 40,
    status: 'in_progress',
    dischargedAt: null,
    readyAt: null,
    dischargeOverrideReason: null,
    ...fields,
  };
}

/** An observation `minutes` after the session's dose start (negative: before it); id `<session>@<minutes>`. */
export function obs(
  s: RuleSession,
  minutes: number,
  fields: Partial<RuleObservation> = {},
): RuleObservation {
  return {
    id: `${s.id}@${minutes}`,
    sessionId: s.id,
    recordedAt: after(s.startedAt, minutes * MINUTE),
    minutesSinceDose: Math.trunc(minutes) + 0,
    systolic: null,
    diastolic: null,
    heartRate: null,
    spo2: null,
    respiratoryRate: null,
    moaas: null,
    cadss6: null,
    cadss6Total: null,
    ...fields,
  };
}

/** CADSS-6 items with their total. */
export const cadss = (items: number[]): Pick<RuleObservation, 'cadss6' | 'cadss6Total'> => ({
  cadss6: items,
  cadss6Total: items.reduce((sum, item) => sum + item, 0),
});

export interface Phq9Fields extends Partial<RulePhq9> {
  /** Item 9's answer (default 0). */
  item9?: number | null;
}

/**
 * A PHQ-9 with the given total (null: invalid) spread over items 1-8 and item 9 as given; valid
 * when the total is not null; 24-hour recall unless told.
 */
export function phq(
  id: string,
  administeredAt: Timestamp,
  total: number | null,
  fields: Phq9Fields = {},
): RulePhq9 {
  const { item9 = 0, ...rest } = fields;
  let remaining = Math.max(0, (total ?? 0) - (item9 ?? 0));
  const items: (number | null)[] = [];
  for (let index = 0; index < 8; index++) {
    const answer = Math.min(3, remaining);
    remaining -= answer;
    items.push(total === null && index < 3 ? null : answer);
  }
  items.push(item9);
  return {
    id,
    sessionId: null,
    administeredAt,
    items,
    total,
    valid: total !== null,
    item9Positive: item9 !== null && item9 >= 1,
    recall: '24_hours',
    ...rest,
  };
}

export function sideEffect(
  id: string,
  s: RuleSession,
  type: RuleSideEffect['type'],
  onsetAt: Timestamp,
  severity: RuleSideEffect['severity'] = 'moderate',
  fields: Partial<RuleSideEffect> = {},
): RuleSideEffect {
  return { id, sessionId: s.id, type, severity, onsetAt, ...fields };
}

export function riskEvent(
  id: string,
  type: RuleRiskEvent['type'],
  occurredAt: string,
): RuleRiskEvent {
  return { id, type, occurredAt };
}

/** A C-SSRS screener with every answer no (questions not asked null), then the given fields. */
export function cssrs(
  id: string,
  administeredAt: Timestamp,
  fields: Partial<RuleCssrs> = {},
): RuleCssrs {
  return {
    id,
    administeredAt,
    wishDead: false,
    suicidalThoughts: false,
    method: null,
    intent: null,
    plan: null,
    behavior: false,
    behaviorPast3Months: null,
    phq9Id: null,
    ...fields,
  };
}

export function records(parts: Partial<PatientRecords> = {}): PatientRecords {
  return {
    patientId: 'p1',
    sessions: [],
    observations: [],
    phq9: [],
    sideEffects: [],
    riskEvents: [],
    cssrs: [],
    ...parts,
  };
}

/** One rule's candidates. */
export function run(
  rule: RuleId,
  recs: PatientRecords,
  t: ClinicThresholds = DEFAULT_THRESHOLDS,
  now: Date = NOW,
): FlagCandidate[] {
  return RULES[rule].evaluate(recs, t, now);
}

/** A built-in protocol of CLINICAL.md s8 as the rules read it. */
export function protocol(id: string): RuleProtocol {
  const found = BUILT_IN_PROTOCOLS.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no built-in protocol ${id}`);
  return {
    id: found.id,
    name: found.name,
    induction: { ...found.induction },
    maintenance: found.maintenance === null ? null : { ...found.maintenance },
    dosePlan: { ...found.dosePlan, steps: [...found.dosePlan.steps] },
  };
}

export const ESKETAMINE_US = (): RuleProtocol => protocol(BUILT_IN_PROTOCOL_IDS.esketamineUs);
export const KETAMINE_IV = (): RuleProtocol => protocol(BUILT_IN_PROTOCOL_IDS.ketamineIv);
export const ESKETAMINE_SI = (): RuleProtocol => protocol(BUILT_IN_PROTOCOL_IDS.esketamineAcuteSi);

/** An initial course in induction under `proto` (null: no protocol), started at `startedAt`. */
export function course(
  id: string,
  proto: RuleProtocol | null,
  startedAt: Timestamp,
  fields: Partial<RuleCourse> = {},
): RuleCourse {
  const esketamine = proto !== null && proto.dosePlan.unit === 'mg';
  return {
    id,
    kind: 'initial',
    phase: 'induction',
    drug: esketamine ? 'esketamine' : 'ketamine',
    route: esketamine ? 'intranasal' : 'iv',
    startedAt,
    maintenanceAt: null,
    endedAt: null,
    protocol: proto,
    absoluteContraindications: [],
    overrideReason: null,
    overrideBy: null,
    ...fields,
  };
}
