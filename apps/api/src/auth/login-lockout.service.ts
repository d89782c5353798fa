import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { afterFailedLogin, DomainError, isLocked, LoginFailures, lockoutView } from '@rol/domain';
import { appendAudit, preparedQuery, UserEntity } from '@rol/persistence';
import { PasswordCheck, verifyPassword } from './password';
import { ClientInfo } from './session';

export interface LockoutRow {
  failed_count: number;
  window_started_at: Date;
  locked_until: Date | null;
}

export function failuresOf(row: LockoutRow | undefined | null): LoginFailures | null {
  if (!row) return null;
  return {
    failedCount: row.failed_count,
    windowStartedAt: new Date(row.window_started_at).getTime(),
    lockedUntil: row.locked_until ? new Date(row.locked_until).getTime() : null,
  };
}

const BEIJING_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** The answer to any sign-in of a locked account name, known or not, right password or not. */
export function accountLockedError(lockedUntil: number): DomainError {
  return new DomainError(
    'ACCOUNT_LOCKED',
    `登录失败次数过多，账号已锁定至 ${BEIJING_TIME.format(lockedUntil)}（北京时间），请届时再试或联系管理员解锁`,
    { lockedUntil: new Date(lockedUntil).toISOString() },
  );
}

/** Failed sign-ins per account name and the locks they lead to (rule: libs/domain/src/sign-in/login-lockout.ts). */
@Injectable()
export class LoginLockoutService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one failed sign-in of `email` (an account's or not: the same rows, the same answers). At
   * the failure that locks, the lock of an existing account is audited in the same transaction.
   */
  async recordFailure(email: string, userId: string | null, client: ClientInfo): Promise<LoginFailures> {
    return this.dataSource.transaction(async (manager) => {
      // Creates the row or takes the existing one, locked until the end of the transaction.
      const [row] = (await manager.query(
        `INSERT INTO login_lockout AS l (email, failed_count, window_started_at, last_failed_at)
         VALUES ($1, 0, now(), now())
         ON CONFLICT (email) DO UPDATE SET failed_count = l.failed_count
         RETURNING l.failed_count, l.window_started_at, l.locked_until`,
        [email],
      )) as LockoutRow[];
      const now = Date.now();
      const { state, lockedNow } = afterFailedLogin(row.failed_count === 0 ? null : failuresOf(row), now);
      await manager.query(
        `WITH stale AS (
           DELETE FROM login_lockout WHERE email IN (
             SELECT email FROM login_lockout
              WHERE last_failed_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())
                AND email <> $1
              LIMIT 20)
         )
         UPDATE login_lockout SET failed_count = $2, window_started_at = $3, locked_until = $4, last_failed_at = now()
          WHERE email = $1`,
        [
          email,
          state.failedCount,
          new Date(state.windowStartedAt),
          state.lockedUntil ? new Date(state.lockedUntil) : null,
        ],
      );
      if (lockedNow && userId) {
        await appendAudit(manager, {
          actor: { id: null, label: 'system (sign-in lockout)' },
          action: 'user.locked',
          subjectType: 'user',
          subjectId: userId,
          after: { ...lockoutView(state, now), ip: client.ip },
          reason: `${state.failedCount} 次登录失败`,
        });
      }
      return state;
    });
  }

  /** Removes the account name's failures and lock (in `manager`'s transaction); what they were. */
  async clear(manager: EntityManager, email: string): Promise<LoginFailures | null> {
    // For a DELETE, TypeORM answers [rows, affected].
    const [rows] = (await manager.query(
      `DELETE FROM login_lockout WHERE email = $1 RETURNING failed_count, window_started_at, locked_until`,
      [email],
    )) as [LockoutRow[], number];
    return failuresOf(rows[0]);
  }

  /**
   * Checks the password a signed-in user gives to prove it is still he (changing his own password),
   * under the same rule as a sign-in: refused while locked, and a wrong one counts as a failure, so a
   * stolen token cannot be used to guess the password either.
   */
  async confirmPassword(user: UserEntity, password: string, client: ClientInfo): Promise<PasswordCheck> {
    const check = await verifyPassword(password, user.passwordHash);
    const [row] = await preparedQuery<LockoutRow>(
      this.dataSource,
      `SELECT failed_count, window_started_at, locked_until FROM login_lockout WHERE email = $1`,
      [user.email],
    );
    const failures = failuresOf(row);
    if (failures && isLocked(failures, Date.now())) throw accountLockedError(failures.lockedUntil!);
    if (check.matches) return check;
    const after = await this.recordFailure(user.email, user.id, client);
    if (isLocked(after, Date.now())) throw accountLockedError(after.lockedUntil!);
    return check;
  }
}
