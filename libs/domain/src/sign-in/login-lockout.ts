/**
 * Failed sign-ins of one account name (an e-mail address, whether an account has it or not, so the
 * answers do not tell which accounts exist): 5 failures within 15 minutes lock it for 15 minutes
 * (等保 2.0 GB/T 22239-2019 8.1.4.1 b: 登录失败处理功能 — 限制非法登录次数, 登录失败后锁定).
 */
export const LOCKOUT_POLICY = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const;

export interface LoginFailures {
  /** Failures counted since `windowStartedAt`. */
  failedCount: number;
  windowStartedAt: number;
  /** Epoch ms; null when not locked (or never was). */
  lockedUntil: number | null;
}

export function isLocked(state: LoginFailures | null, now: number): boolean {
  return state?.lockedUntil != null && state.lockedUntil > now;
}

/**
 * The state after one more failure at `now`. While locked nothing changes (a lock is not extended by
 * the attempts it refuses); a failure after the window has passed starts a new window.
 */
export function afterFailedLogin(
  state: LoginFailures | null,
  now: number,
  policy = LOCKOUT_POLICY,
): { state: LoginFailures; lockedNow: boolean } {
  if (state && isLocked(state, now)) return { state, lockedNow: false };
  const inWindow = state !== null && state.windowStartedAt > now - policy.windowMs;
  const failedCount = inWindow ? state.failedCount + 1 : 1;
  const windowStartedAt = inWindow ? state.windowStartedAt : now;
  const lockedNow = failedCount >= policy.maxFailures;
  return {
    state: { failedCount, windowStartedAt, lockedUntil: lockedNow ? now + policy.lockMs : null },
    lockedNow,
  };
}

/** What an administrator sees of an account's sign-in failures at `now`. */
export function lockoutView(
  state: LoginFailures | null,
  now: number,
  policy = LOCKOUT_POLICY,
): { locked: boolean; lockedUntil: Date | null; failedLogins: number } {
  const locked = isLocked(state, now);
  const counting = state !== null && (locked || state.windowStartedAt > now - policy.windowMs);
  return {
    locked,
    lockedUntil: locked ? new Date(state!.lockedUntil!) : null,
    failedLogins: counting ? state.failedCount : 0,
  };
}
