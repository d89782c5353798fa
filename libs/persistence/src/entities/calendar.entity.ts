import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  CalendarStage,
  Escalation,
  QuietHours,
  RolloverPolicy,
  ShufaSettings,
  SupportedTimezone,
} from '@rol/domain';

/** closed: the admin closed the year; its cycles ended, the calendar and they are read-only. */
export type CalendarStatus = 'draft' | 'launched' | 'closed';

/** One per jurisdiction and reported year: the data every cycle's deadlines come from. */
@Entity({ name: 'calendar' })
@Index('calendar_jurisdiction_year_key', ['jurisdictionId', 'year'], { unique: true })
export class CalendarEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'jurisdiction_id' })
  jurisdictionId: string;

  /** The year reported on; the cycles run in year + 1. */
  @Index('calendar_year_idx')
  @Column('int')
  year: number;

  @Column('text')
  timezone: SupportedTimezone;

  @Column('text')
  rollover: RolloverPolicy;

  /** Due instants as configured (ISO-8601 strings); effective dates are derived with the working days. */
  @Column('jsonb')
  due: Record<CalendarStage, string>;

  @Column('text', { array: true })
  reminders: string[];

  @Column('jsonb')
  escalation: Escalation;

  /** The 述法 settings as the admin set them (defaults fill what is left out); null: all defaults. */
  @Column('jsonb', { nullable: true })
  shufa: Partial<ShufaSettings> | null;

  /** When notices may go out (working days, office hours) as the admin set it; null: the defaults (on, 09:00–17:30). */
  @Column('jsonb', { name: 'quiet_hours', nullable: true })
  quietHours: Partial<QuietHours> | null;

  @Column('text')
  status: CalendarStatus;

  /** Increases with every change; running cycles apply only revisions newer than the one they hold. */
  @Column('int', { default: 1 })
  revision: number;

  /** Why the latest revision was made, and by whom (carried into each re-timed cycle's audit trail). */
  @Column('text', { name: 'change_reason', nullable: true })
  changeReason: string | null;

  @Column('jsonb', { name: 'changed_by', nullable: true })
  changedBy: { id: string | null; label: string } | null;

  @Column('timestamptz', { name: 'launched_at', nullable: true })
  launchedAt: Date | null;

  /** When the admin closed the year, who, and why (the cycles still running ended with it). */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('jsonb', { name: 'closed_by', nullable: true })
  closedBy: { id: string | null; label: string } | null;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason: string | null;

  /** 工作要点印发: when set on a draft calendar, a Temporal Schedule launches the year then. */
  @Column('timestamptz', { name: 'launch_at', nullable: true })
  launchAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
