/**
 * What a clinic's stored threshold overrides may hold and who may change them: values fixed since
 * v2 (FIXED_THRESHOLDS), values that cross a safety floor (SAFETY_FLOORS in safety-floors.ts) and
 * the psychiatrist-only groups (API.md v2 "Accounts and administration").
 */
import { PHQ9_ITEM9_POSITIVE_AT_LEAST } from './phq9';
import { cloneJson, isPlainObject } from './plain-json';
import { floorError, SAFETY_FLOORS } from './safety-floors';
import type { ThresholdOverrides } from './thresholds';

/**
 * Values a clinic may not change (CLINICAL.md s4 v2), by path under `thresholds`, with the reason
 * a PATCH naming them is refused.
 */
export const FIXED_THRESHOLDS: Readonly<Record<string, string>> = Object.freeze({
  'phq9.item9AtLeast':
    `is fixed at ${PHQ9_ITEM9_POSITIVE_AT_LEAST} and cannot be changed: any item 9 answer >= ` +
    `${PHQ9_ITEM9_POSITIVE_AT_LEAST} needs same-day clinician review (CLINICAL.md s4 v2)`,
});

/**
 * A clinic's stored overrides without the values that are no longer configurable (an
 * `phq9.item9AtLeast` stored before v2 is ignored, not applied). Returns a fresh object.
 */
export function withoutFixedThresholds(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  const copy = cloneJson(overrides ?? {}) as Record<string, unknown>;
  for (const path of Object.keys(FIXED_THRESHOLDS)) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      node = isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    }
    if (!isPlainObject(node)) continue;
    delete node[keys[keys.length - 1]];
    // An emptied group leaves too ({ phq9: {} } is no change).
    const group = copy[keys[0]];
    if (keys.length === 2 && isPlainObject(group) && Object.keys(group).length === 0) {
      delete copy[keys[0]];
    }
  }
  return copy;
}

/**
 * A clinic's stored overrides without the values that cross a safety floor (set before the floors
 * existed): the default applies instead, so no stored setting keeps a safety rule switched off.
 * Returns a fresh object.
 */
export function withoutUnsafeThresholds(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  const copy = cloneJson(overrides ?? {}) as Record<string, unknown>;
  for (const path of Object.keys(SAFETY_FLOORS)) {
    const keys = path.split('.');
    const parent = keys.length === 1 ? copy : copy[keys[0]];
    const key = keys[keys.length - 1];
    if (!isPlainObject(parent) || !Object.hasOwn(parent, key)) continue;
    if (floorError(path, parent[key]) === null) continue;
    delete parent[key];
    if (keys.length === 2 && Object.keys(parent).length === 0) delete copy[keys[0]];
  }
  return copy;
}

/** What the engine applies from a clinic's stored overrides: neither fixed nor unsafe values. */
export function storedThresholdOverrides(
  overrides: ThresholdOverrides | null | undefined,
): ThresholdOverrides {
  return withoutUnsafeThresholds(withoutFixedThresholds(overrides));
}

/**
 * Monitoring and discharge criteria (CLINICAL.md s3): changed by psychiatrists only (API.md v2); a
 * manager's change naming any of these groups or keys is refused (403). The monitoring schedule and
 * the two monitoring rules' timings (overdue, no pre-dose reading) are part of the monitoring
 * criteria.
 */
export const PSYCHIATRIST_ONLY_THRESHOLDS: readonly string[] = Object.freeze([
  'discharge',
  'minMonitoringMinutes',
  'scheduledObservationMinutes',
  'monitoringOverdueMinutes',
  'noPredoseAfterMinutes',
]);

/** The psychiatrist-only groups a change names (a PATCH body), in the order of the list. */
export function psychiatristOnlyThresholdsNamed(change: unknown): string[] {
  if (!isPlainObject(change)) return [];
  return PSYCHIATRIST_ONLY_THRESHOLDS.filter((key) => Object.hasOwn(change, key));
}
