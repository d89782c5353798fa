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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
