/**
 * Safety floors of the clinic thresholds (API.md v2 "Accounts and administration"; issue 19): the
 * table and the check of one value against it. floorError is for the other threshold files only:
 * the shared index re-exports the table, not the check.
 */

/**
 * The least safe value a clinic may set a threshold to: no PATCH may cross it (400 naming the
 * field), whoever sends it. `atLeast`/`atMost` bound a number on its unsafe side only (a clinic may
 * always be stricter, within the guard rails of THRESHOLD_SCHEMA); `includes` lists minutes a
 * schedule must keep. The source says where the value comes from (docs/decisions.md has the table).
 */
export interface SafetyFloor {
  atLeast?: number;
  atMost?: number;
  includes?: readonly number[];
  source: string;
}

/** By path under `thresholds`. Every clinical alert and the monitoring and discharge criteria. */
export const SAFETY_FLOORS: Readonly<Record<string, SafetyFloor>> = Object.freeze({
  // Monitoring and discharge (changed by psychiatrists only: PSYCHIATRIST_ONLY_THRESHOLDS).
  'minMonitoringMinutes.esketamine': {
    atLeast: 120,
    source: 'CLINICAL.md s3, Spravato REMS: 120 min for esketamine',
  },
  'minMonitoringMinutes.ketamine': { atLeast: 30, source: 'API.md v2 safety floors' },
  'discharge.moaasRequired': {
    atLeast: 5,
    atMost: 5,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "latest MOAA/S = 5"',
  },
  'discharge.cadss6TotalMax': { atMost: 4, source: 'API.md v2 safety floors' },
  'discharge.systolicBelow': {
    atMost: 180,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "BP < 180/110"',
  },
  'discharge.diastolicBelow': {
    atMost: 110,
    source: 'API.md v2 safety floors; CLINICAL.md s3 "BP < 180/110"',
  },
  'discharge.spo2Min': { atLeast: 90, source: 'API.md v2 safety floors' },
  scheduledObservationMinutes: {
    includes: [40],
    source:
      'CLINICAL.md s3 "observations due at least: pre-dose, 40 min, and before discharge" (BP peaks about 40 min after dosing, s1; the REMS form asks for the 40-min BP)',
  },
  monitoringOverdueMinutes: {
    atMost: 10,
    source:
      'CLINICAL.md s4 monitoring.overdue "> 10 min late": the shortest interval of the s3 default schedule (30 to 40 min), so no scheduled reading can be skipped unflagged',
  },
  noPredoseAfterMinutes: {
    atMost: 30,
    source:
      'CLINICAL.md s4 v2 monitoring.no_predose (default 15): raised before the 40-min reading of s3, when the BP rise over the pre-dose reading must be judged',
  },
  // Alerts (s4).
  'bp.predoseSystolic': {
    atMost: 140,
    source: 'CLINICAL.md s4 bp.predose_elevated "> 140/90" (Spravato label: elevated baseline BP)',
  },
  'bp.predoseDiastolic': {
    atMost: 90,
    source: 'CLINICAL.md s4 bp.predose_elevated "> 140/90" (Spravato label: elevated baseline BP)',
  },
  'bp.severeSystolic': {
    atMost: 180,
    source: 'CLINICAL.md s4 bp.severe "systolic >= 180" (the s3 discharge ceiling)',
  },
  'bp.severeDiastolic': {
    atMost: 110,
    source: 'CLINICAL.md s4 bp.severe "diastolic >= 110" (the s3 discharge ceiling)',
  },
  'bp.riseSystolic': {
    atMost: 40,
    source: 'CLINICAL.md s4 bp.rise "systolic rise >= 40" (Spravato label)',
  },
  'bp.riseDiastolic': {
    atMost: 25,
    source: 'CLINICAL.md s4 bp.rise "diastolic rise >= 25" (Spravato label)',
  },
  hrTachycardia: { atMost: 120, source: 'CLINICAL.md s4 hr.tachycardia "heart rate > 120"' },
  'hypotension.systolicBelow': {
    atLeast: 90,
    source: 'CLINICAL.md s4 v2 bp.hypotension "systolic < 90" (common adult definition)',
  },
  'hypotension.diastolicBelow': {
    atLeast: 50,
    source: 'CLINICAL.md s4 v2 bp.hypotension "diastolic < 50" (common adult definition)',
  },
  bradycardiaBelow: {
    atLeast: 50,
    source: 'CLINICAL.md s4 v2 hr.bradycardia "heart rate < 50" (AHA/ACC/HRS 2018)',
  },
  'respiratory.spo2Below': {
    atLeast: 90,
    source:
      'CLINICAL.md s4 respiratory.depression "SpO2 < 92", no lower than the API.md v2 discharge floor (SpO2 >= 90)',
  },
  'respiratory.rateBelow': {
    atLeast: 10,
    source: 'CLINICAL.md s4 respiratory.depression "respiratory rate < 10"',
  },
  'sedation.moderateAtOrBelow': {
    atLeast: 3,
    source: 'CLINICAL.md s1 MOAA/S "<= 3 = moderate or deeper"; s4 sedation.moderate',
  },
  'sedation.deepAtOrBelow': { atLeast: 1, source: 'CLINICAL.md s4 sedation.deep "MOAA/S <= 1"' },
  'dissociation.markedTotal': {
    atMost: 12,
    source:
      'CLINICAL.md s4 dissociation.marked "CADSS-6 total >= 12" (no validated cut-off, s1: nothing supports a higher one)',
  },
  'dissociation.markedItem': {
    atMost: 4,
    source: 'CLINICAL.md s4 dissociation.marked "any item = 4"',
  },
  'phq9.maxMissingItems': {
    atMost: 2,
    source: 'CLINICAL.md s1, NHS Data Dictionary (prorate at most 2)',
  },
  'phq9.worseningPoints': {
    atMost: 5,
    source: 'CLINICAL.md s4 phq9.worsening "baseline + 5" (MCID, Löwe 2004)',
  },
  'misuse.sessionsPer7Days': {
    atMost: 3,
    source: 'CLINICAL.md s4 misuse.session_frequency "a 3rd session within 7 days"',
  },
  'misuse.rollingDays': {
    atLeast: 7,
    source: 'CLINICAL.md s4 misuse.session_frequency "any rolling 7 days"',
  },
  'misuse.doseEscalationFactor': {
    atMost: 1.5,
    source: 'CLINICAL.md s4 misuse.dose_escalation "> 1.5 x the first dose"',
  },
  'misuse.earlySessionRequestsPer30Days': {
    atMost: 2,
    source: 'CLINICAL.md s4 misuse.craving "2 in 30 days"',
  },
  'misuse.earlyRequestWindowDays': {
    atLeast: 30,
    source: 'CLINICAL.md s4 misuse.craving "2 in 30 days"',
  },
  'tolerance.sessions': {
    atMost: 3,
    source: 'CLINICAL.md s4 tolerance.diminishing_response "last 3 sessions"',
  },
  'tolerance.ratio': {
    atLeast: 0.5,
    source: 'CLINICAL.md s4 tolerance.diminishing_response "latest < 50% of the first"',
  },
});

/** Why a value crosses its floor (a message naming the path), or null when it does not. */
export function floorError(path: string, value: unknown): string | null {
  const floor = Object.hasOwn(SAFETY_FLOORS, path) ? SAFETY_FLOORS[path] : undefined;
  if (!floor) return null;
  const where = `thresholds.${path}`;
  if (floor.includes) {
    if (!Array.isArray(value)) return null;
    const missing = floor.includes.filter((minutes) => !value.includes(minutes));
    return missing.length === 0
      ? null
      : `${where} must include ${floor.includes.join(', ')} min: safety floor (${floor.source})`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const low = floor.atLeast;
  const high = floor.atMost;
  if ((low === undefined || value >= low) && (high === undefined || value <= high)) return null;
  const bound =
    low !== undefined && high !== undefined && low === high
      ? `be ${low}`
      : low !== undefined && value < low
        ? `be at least ${low}`
        : `be at most ${String(high)}`;
  return `${where} must ${bound}: safety floor (${floor.source})`;
}
