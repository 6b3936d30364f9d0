import { MINUTE_MS } from '@clinic/shared';
import type { Prng } from './prng';

export const minutes = (n: number): number => n * MINUTE_MS;
export const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/** One of the options, drawn with the given weights (one draw). */
export function weighted<T>(rng: Prng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}
