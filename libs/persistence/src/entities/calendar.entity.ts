import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarStage, Escalation, RolloverPolicy, SupportedTimezone } from '@rol/domain';

export type CalendarStatus = 'draft' | 'launched';

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

  @Column('text')
  status: CalendarStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
