import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins of one account name (a lower-cased e-mail), whether an account has it or not, so
 * unknown addresses are answered exactly like existing ones. No row: no failure counting.
 */
@Entity({ name: 'login_lockout' })
export class LoginLockoutEntity {
  @PrimaryColumn('text')
  email: string;

  @Column('int', { name: 'failed_count' })
  failedCount: number;

  @Column('timestamptz', { name: 'window_started_at' })
  windowStartedAt: Date;

  /** Stale rows (of addresses no longer tried) are purged by this. */
  @Index('login_lockout_last_failed_idx')
  @Column('timestamptz', { name: 'last_failed_at' })
  lastFailedAt: Date;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil: Date | null;
}
