import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Append-only (a trigger refuses UPDATE and DELETE); each row carries the hash of the one before. */
@Entity({ name: 'audit_log' })
@Index('audit_log_subject_idx', ['subjectType', 'subjectId', 'id'])
export class AuditLogEntity {
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  id: number;

  @Column('timestamptz')
  at: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_label' })
  actorLabel: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'subject_type' })
  subjectType: string;

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('jsonb', { nullable: true })
  before: object | null;

  @Column('jsonb', { nullable: true })
  after: object | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}
