import { type EntityManager, LessThan, MoreThan, Not } from 'typeorm';
import type { AppConfig } from '../config/config';
import { LoginAttempt } from './auth-session.entity';

/** The settings of sign-in throttling (README "Sign-in throttling", config LOGIN_*). */
export type LoginThrottleSettings = Pick<
  AppConfig,
  | 'loginWindowMinutes'
  | 'loginMaxFailuresPerPair'
  | 'loginMaxFailuresPerAccount'
  | 'loginMaxFailuresPerAddress'
  | 'loginMaxDelaySeconds'
  | 'loginKnownAddressDays'
>;

/**
 * How long this attempt must wait (0: it may go ahead). Nothing is ever locked: each scope past
 * its free failures waits 2^(failures - free) seconds after its last failure, capped
 * (README "Sign-in throttling"):
 * - the account from this address (the pair), counted since the pair's last success;
 * - the account from every address, and this address for every account: these two ceilings
 *   spare a pair that signed in successfully within loginKnownAddressDays, so a guesser
 *   elsewhere, or on the same NAT spraying other accounts, cannot keep the owner out.
 */
export async function throttleWaitMs(
  em: EntityManager,
  c: LoginThrottleSettings,
  account: string,
  address: string,
  now: Date,
  claimId: string | null,
): Promise<number> {
  const windowStart = new Date(now.getTime() - c.loginWindowMinutes * 60_000);
  const failuresOf = async (where: object, since: Date): Promise<[number, Date | null]> => {
    const conditions = { ...where, success: false, at: MoreThan(since) };
    const filter = claimId ? { ...conditions, id: Not(claimId) } : conditions;
    const count = await em.count(LoginAttempt, { where: filter });
    if (count === 0) return [0, null];
    const last = await em.findOne(LoginAttempt, { where: filter, order: { at: 'DESC' } });
    return [count, last?.at ?? null];
  };
  const waitFor = ([failures, last]: [number, Date | null], free: number): number => {
    if (last === null || failures < free) return 0;
    const delayMs = Math.min(2 ** Math.min(failures - free, 30), c.loginMaxDelaySeconds) * 1000;
    return last.getTime() + delayMs - now.getTime();
  };

  const lastPairSuccess = await em.findOne(LoginAttempt, {
    where: { account, ip: address, success: true },
    order: { at: 'DESC' },
  });
  const pairSince =
    lastPairSuccess && lastPairSuccess.at > windowStart ? lastPairSuccess.at : windowStart;
  let wait = waitFor(
    await failuresOf({ account, ip: address }, pairSince),
    c.loginMaxFailuresPerPair,
  );
  const knownSince = now.getTime() - c.loginKnownAddressDays * 86_400_000;
  const known =
    c.loginKnownAddressDays > 0 &&
    lastPairSuccess !== null &&
    lastPairSuccess.at.getTime() > knownSince;
  if (!known) {
    wait = Math.max(
      wait,
      waitFor(await failuresOf({ account }, windowStart), c.loginMaxFailuresPerAccount),
      waitFor(await failuresOf({ ip: address }, windowStart), c.loginMaxFailuresPerAddress),
    );
  }
  return wait;
}

/**
 * Attempts are kept only as long as they count: failures for the window, successes for the
 * known-address period.
 */
export async function forgetExpiredAttempts(
  em: EntityManager,
  c: LoginThrottleSettings,
  now: Date,
): Promise<void> {
  const windowMs = c.loginWindowMinutes * 60_000;
  const knownMs = Math.max(c.loginKnownAddressDays * 86_400_000, windowMs);
  await em.delete(LoginAttempt, {
    success: false,
    at: LessThan(new Date(now.getTime() - windowMs)),
  });
  await em.delete(LoginAttempt, {
    success: true,
    at: LessThan(new Date(now.getTime() - knownMs)),
  });
}
