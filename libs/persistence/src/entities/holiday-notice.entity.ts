import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An imported State Council holiday notice: its year's holidays are known from it. */
@Entity({ name: 'holiday_notice' })
export class HolidayNoticeEntity {
  @PrimaryColumn('int')
  year: number;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('jsonb')
  holidays: { date: string; name: string }[];

  @Column('jsonb')
  workdays: { date: string; name: string }[];

  @Column('uuid', { name: 'imported_by', nullable: true })
  importedBy: string | null;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;
}
