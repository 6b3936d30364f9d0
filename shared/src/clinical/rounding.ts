/**
 * Rounding used by every clinical number that is stored or shown.
 *
 * "Half up" here means halves go away from zero (as Java's RoundingMode.HALF_UP), so a reduction
 * of -81.25 % shows as -81.3 %, the mirror of +81.25 % -> 81.3 %. For the positive values of
 * PHQ-9 proration (CLINICAL.md s1: "rounded half up") this is plain half-up rounding.
 */
export function roundHalfUp(value: number, decimals = 0): number {
  if (!Number.isInteger(decimals) || decimals < 0) {
    throw new RangeError(`decimals must be a non-negative integer (got ${decimals})`);
  }
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  // toPrecision(15) removes binary noise such as 1.005 * 100 = 100.49999999999999.
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const magnitude = Math.floor(scaled + 0.5) / factor;
  if (magnitude === 0) return 0; // never -0
  return value < 0 ? -magnitude : magnitude;
}
