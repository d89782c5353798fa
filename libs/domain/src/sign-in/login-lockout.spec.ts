import { afterFailedLogin, isLocked, LoginFailures, lockoutView } from './login-lockout';

const M = 60_000;
const t0 = Date.parse('2026-03-02T09:00:00+08:00');

function fail(times: number, from: LoginFailures | null, at: (i: number) => number) {
  let state = from;
  const locks: number[] = [];
  for (let i = 0; i < times; i++) {
    const next = afterFailedLogin(state, at(i));
    if (next.lockedNow) locks.push(i + 1);
    state = next.state;
  }
  return { state: state!, locks };
}

describe('login lockout', () => {
  it('locks at the 5th failure within 15 minutes, for 15 minutes', () => {
    const { state, locks } = fail(5, null, (i) => t0 + i * M);
    expect(locks).toEqual([5]);
    expect(state.lockedUntil).toBe(t0 + 4 * M + 15 * M);
    expect(isLocked(state, t0 + 4 * M + 15 * M - 1)).toBe(true);
    expect(isLocked(state, t0 + 4 * M + 15 * M)).toBe(false);
  });

  it('does not lock 4 failures, nor 5 spread over more than 15 minutes', () => {
    expect(fail(4, null, (i) => t0 + i * M).locks).toEqual([]);
    // The 5th comes 16 minutes after the first: a new window starts there.
    const spread = fail(5, null, (i) => t0 + i * 4 * M);
    expect(spread.locks).toEqual([]);
    expect(spread.state).toEqual({ failedCount: 1, windowStartedAt: t0 + 16 * M, lockedUntil: null });
  });

  it('does not extend a lock with the attempts it refuses', () => {
    const locked = fail(5, null, (i) => t0 + i * 1000).state;
    const during = fail(10, locked, (i) => t0 + 5 * M + i * 1000);
    expect(during.locks).toEqual([]);
    expect(during.state).toEqual(locked);
  });

  it('counts afresh once a lock has run out', () => {
    const locked = fail(5, null, (i) => t0 + i * 1000).state;
    const after = afterFailedLogin(locked, locked.lockedUntil! + 1);
    expect(after).toEqual({
      state: { failedCount: 1, windowStartedAt: locked.lockedUntil! + 1, lockedUntil: null },
      lockedNow: false,
    });
  });

  it('shows administrators the lock and the failures still counting', () => {
    expect(lockoutView(null, t0)).toEqual({ locked: false, lockedUntil: null, failedLogins: 0 });
    const three = fail(3, null, (i) => t0 + i * M).state;
    expect(lockoutView(three, t0 + 3 * M)).toEqual({ locked: false, lockedUntil: null, failedLogins: 3 });
    expect(lockoutView(three, t0 + 15 * M)).toEqual({ locked: false, lockedUntil: null, failedLogins: 0 });
    const locked = fail(5, null, (i) => t0 + i * M).state;
    expect(lockoutView(locked, t0 + 10 * M)).toEqual({
      locked: true,
      lockedUntil: new Date(t0 + 19 * M),
      failedLogins: 5,
    });
  });
});
