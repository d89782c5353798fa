import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An admin's correction or addition to the published holiday data, or a day of an imported notice; wins over the data. */
@Entity({ name: 'working_day_override' })
export class WorkingDayOverrideEntity {
  /** YYYY-MM-DD in Asia/Shanghai. */
  @PrimaryColumn('date')
  date: string;

  @Column('boolean')
  working: boolean;

  @Column('text', { nullable: true })
  name: string | null;

  /** An admin's correction, or a day of an imported State Council notice. */
  @Column('text', { default: 'override' })
  source: 'override' | 'notice';

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
