import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CycleKind, CycleSnapshot, CycleStage } from '@rol/domain';

/**
 * The projection of one cycle workflow (report or 述法), written by the launch and then by the
 * workflow's own activity at every change: lists, tasks and dashboards read this, not Temporal.
 */
@Entity({ name: 'cycle' })
@Index('cycle_kind_organization_year_key', ['kind', 'organizationId', 'year'], { unique: true })
@Index('cycle_calendar_idx', ['calendarId', 'id'])
@Index('cycle_kind_year_idx', ['kind', 'year'])
@Index('cycle_kind_stage_idx', ['kind', 'stage'])
@Index('cycle_year_jurisdiction_idx', ['year', 'jurisdictionId', 'kind'])
export class CycleEntity {
  /** Also the Temporal workflow id, e.g. `report-2026-QPYJ`. */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  kind: CycleKind;

  @Column('uuid', { name: 'calendar_id' })
  calendarId: string;

  @Index('cycle_organization_idx')
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('uuid', { name: 'jurisdiction_id' })
  jurisdictionId: string;

  @Column('uuid', { name: 'leader_id', nullable: true })
  leaderId: string | null;

  @Column('int')
  year: number;

  @Column('text')
  stage: CycleStage;

  @Column('timestamptz', { name: 'due_at', nullable: true })
  dueAt: Date | null;

  @Index('cycle_overdue_idx')
  @Column('boolean')
  overdue: boolean;

  @Column('int', { name: 'calendar_revision' })
  calendarRevision: number;

  /** The workflow's snapshot; only a newer seq replaces it. */
  @Column('jsonb')
  state: CycleSnapshot;

  @Column('int')
  seq: number;

  // The dashboard's columns (oversight-columns.ts), filled from `state` at every write.
  /** The earliest due instant of the open deadlines (a division's part, a rectification item, or the stage). */
  @Column('timestamptz', { name: 'next_due_at', nullable: true })
  nextDueAt: Date | null;

  @Column('timestamptz', { name: 'overdue_since', nullable: true })
  overdueSince: Date | null;

  @Column('boolean', { name: 'reminded_unanswered', default: false })
  remindedUnanswered: boolean;

  @Column('boolean', { name: 'sent_back', default: false })
  sentBack: boolean;

  @Column('int', { default: 0 })
  rework: number;

  /** A 述法 cycle's grade, once its evaluation closed with a quorum. */
  @Column('text', { nullable: true })
  grade: string | null;

  /** Rectification items not yet verified (销号). */
  @Column('int', { name: 'open_items', default: 0 })
  openItems: number;

  /** Bit i: stage i of the cycle's kind was done (advanced) in its current pass. */
  @Column('int', { name: 'completed_stages', default: 0 })
  completedStages: number;

  /** Bit i: … and ended by its due instant. */
  @Column('int', { name: 'on_time_stages', default: 0 })
  onTimeStages: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
