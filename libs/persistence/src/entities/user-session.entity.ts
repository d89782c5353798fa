import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One sign-in. The access token names it (`sid`); the auth guard honours the token only while its
 * session is neither revoked, past `expires_at`, nor idle longer than SESSION_IDLE_MINUTES.
 */
@Entity({ name: 'user_session' })
export class UserSessionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index('user_session_user_idx')
  @Column('uuid', { name: 'user_id' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Moved forward by use, at most about once a minute. */
  @Column('timestamptz', { name: 'last_used_at', default: () => 'now()' })
  lastUsedAt: Date;

  /** The absolute end (the token's own expiry). */
  @Index('user_session_expires_idx')
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** logout, password_changed, password_reset. */
  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;
}
