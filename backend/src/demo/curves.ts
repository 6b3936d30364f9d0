/** The time course of ketamine's effects within a session, as shares of their peak. */

/** Piecewise-linear interpolation through [minute, value] points (flat outside). */
export function curve(points: readonly (readonly [number, number])[], m: number): number {
  if (m <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [m1, v1] = points[i];
    if (m <= m1) {
      const [m0, v0] = points[i - 1];
      return v0 + ((v1 - v0) * (m - m0)) / (m1 - m0);
    }
  }
  return points[points.length - 1][1];
}

/** Share of the session's peak BP rise: peaks at 40 min (Spravato label; Yale IV series). */
export const BP_CURVE = [
  [0, 0],
  [15, 0.45],
  [30, 0.85],
  [40, 1],
  [60, 0.55],
  [90, 0.2],
  [120, 0.05],
  [150, 0],
] as const;
/** Share of the session's peak CADSS-6 items: peak around 40 min, resolved by 90 min. */
export const CADSS_CURVE = [
  [0, 0],
  [15, 0.25],
  [30, 0.7],
  [40, 1],
  [60, 0.35],
  [90, 0],
] as const;
/**
 * IM ketamine acts sooner and for less long: the peak comes at ~30 min and dissociation has
 * resolved by the end of its 60-min minimum monitoring (else every IM session would leave unresolved).
 */
export const IM_CADSS_CURVE = [
  [0, 0],
  [15, 0.8],
  [30, 1],
  [40, 0.6],
  [55, 0],
] as const;
