import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NoticeChannel } from '@rol/domain';

/** pending → sending (claimed, with a lease) → sent; a failed or expired claim goes back to be claimed again. */
export type NoticeStatus = 'pending' | 'sending' | 'sent';

/**
 * One row per notice ever meant to be sent, keyed by what makes it unique (e.g. cycle, stage, round,
 * offset, recipient), so a retried activity or a restarted worker never sends it twice.
 */
@Entity({ name: 'notice' })
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('notice_key_key', { unique: true })
  @Column('text')
  key: string;

  @Column('text')
  kind: string;

  /** How it is sent: mail, or an organisation's group robot. */
  @Column('text', { default: 'email' })
  channel: NoticeChannel;

  /** The address it is mailed to; for a group robot, the robot's webhook with its token masked. */
  @Index('notice_recipient_idx')
  @Column('text', { name: 'recipient_email' })
  recipientEmail: string;

  @Column('uuid', { name: 'recipient_user_id', nullable: true })
  recipientUserId: string | null;

  @Column('text')
  subject: string;

  /** Stable per notice, so a repeat after a crash can be recognised by the receiving side. */
  @Column('text', { name: 'message_id' })
  messageId: string;

  @Column('text')
  status: NoticeStatus;

  @Column('int', { default: 0 })
  attempts: number;

  /** While status is 'sending': the claim's lease; after it, another attempt may claim the notice. */
  @Column('timestamptz', { name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
