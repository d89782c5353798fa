import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The first answer to a write carrying an Idempotency-Key, replayed for the same key. */
@Entity({ name: 'idempotency_record' })
@Index('idempotency_record_scope_key_key', ['scope', 'key'], { unique: true })
export class IdempotencyRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The caller's user id, so two users' keys never collide. */
  @Column('text')
  scope: string;

  @Column('text')
  key: string;

  @Column('text', { name: 'request_hash' })
  requestHash: string;

  /** null while the first request is still being handled. */
  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('jsonb', { name: 'response_body', nullable: true })
  responseBody: object | null;

  /**
   * The execution that holds the key: written fresh by each claim (the first, or a take-over of an
   * abandoned one). Sealing and answering succeed only with the holder's token.
   */
  @Column('uuid', { name: 'owner_token' })
  ownerToken: string;

  /** When the holder claimed the key; a holder silent for long, and not sealed, may be taken over. */
  @Column('timestamptz', { name: 'claimed_at', default: () => 'now()' })
  claimedAt: Date;

  /** Set by the holder before its first change: from then on the key is never taken over. */
  @Column('timestamptz', { name: 'sealed_at', nullable: true })
  sealedAt: Date | null;

  @Index('idempotency_record_created_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
