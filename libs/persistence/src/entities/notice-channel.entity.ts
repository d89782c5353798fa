import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Where an organisation's cycle notices go besides each person's mail. The robots' secrets are kept
 * to sign their messages and are never shown again (views say only that one is set).
 */
@Entity({ name: 'notice_channel' })
export class NoticeChannelEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  /** The organisation's mailbox (e.g. its 办公室 address). */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'dingtalk_webhook', nullable: true })
  dingtalkWebhook: string | null;

  /** The robot's 加签 secret; set exactly when the webhook is. */
  @Column('text', { name: 'dingtalk_secret', nullable: true })
  dingtalkSecret: string | null;

  @Column('text', { name: 'wecom_webhook', nullable: true })
  wecomWebhook: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
