import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isLocked } from '@rol/domain';
import { preparedQuery } from '@rol/persistence';
import { UserService, UserView } from '../users/user.service';
import { accountLockedError, failuresOf, LockoutRow, LoginLockoutService } from './login-lockout.service';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { ClientInfo } from './session';
import { SessionService } from './session.service';

interface CandidateRow {
  id: string | null;
  password_hash: string | null;
  active: boolean | null;
  failed_count: number | null;
  window_started_at: Date | null;
  locked_until: Date | null;
}

@Injectable()
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lockout: LoginLockoutService,
    private readonly sessions: SessionService,
    private readonly users: UserService,
  ) {}

  /**
   * An unknown e-mail goes through the same steps as a known one — a password hash is checked (a dummy
   * one), failures are counted and locked per address — so neither the answers nor their timing tell
   * which accounts exist.
   */
  async login(
    rawEmail: string,
    password: string,
    client: ClientInfo,
  ): Promise<{ accessToken: string; user: UserView }> {
    const email = rawEmail.trim().toLowerCase();
    const [candidate] = await preparedQuery<CandidateRow>(
      this.dataSource,
      `SELECT u.id, u.password_hash, u.active, l.failed_count, l.window_started_at, l.locked_until
         FROM (SELECT $1::text AS email) e
         LEFT JOIN app_user u ON u.email = e.email
         LEFT JOIN login_lockout l ON l.email = e.email`,
      [email],
    );
    const check = await verifyPassword(password, candidate.password_hash ?? (await dummyHash()));
    const failures = candidate.failed_count === null ? null : failuresOf(candidate as LockoutRow);
    // A locked name is refused whatever the password: the answer is no oracle for guessing on.
    if (failures && isLocked(failures, Date.now())) throw accountLockedError(failures.lockedUntil!);
    if (!candidate.id || !candidate.active || !check.matches) {
      const after = await this.lockout.recordFailure(email, candidate.id, client);
      if (isLocked(after, Date.now())) throw accountLockedError(after.lockedUntil!);
      throw new DomainError('UNAUTHENTICATED', '邮箱或密码不正确');
    }
    const userId = candidate.id;
    // Hashed before the transaction, so no connection waits on argon2.
    const upgraded = check.needsRehash ? await hashPassword(password) : null;
    const accessToken = await this.dataSource.transaction(async (manager) => {
      const cleared = await this.lockout.clear(manager, email);
      // Locked by a concurrent failure since it was read: this sign-in loses (the transaction restores the row).
      if (cleared && isLocked(cleared, Date.now())) throw accountLockedError(cleared.lockedUntil!);
      if (upgraded) {
        await manager.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1 AND password_hash = $3`, [
          userId,
          upgraded,
          candidate.password_hash,
        ]);
      }
      return this.sessions.open(manager, userId, client);
    });
    const user = await this.users.load(this.dataSource.manager, userId);
    return { accessToken, user: this.users.view(user) };
  }
}
