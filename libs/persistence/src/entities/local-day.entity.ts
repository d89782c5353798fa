import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A jurisdiction's own non-working day (a regional holiday): only its calendars know it. */
@Entity({ name: 'local_non_working_day' })
export class LocalDayEntity {
  @PrimaryColumn('uuid', { name: 'jurisdiction_id' })
  jurisdictionId: string;

  /** YYYY-MM-DD in Asia/Shanghai. */
  @PrimaryColumn('date')
  date: string;

  @Column('text')
  name: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
