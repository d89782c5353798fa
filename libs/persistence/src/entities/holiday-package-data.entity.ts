import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The published holiday data (the `chinese-days` package) as the system last planned with it: a
 * newer package with more or corrected days is noticed at start-up, and running cycles re-timed.
 */
@Entity({ name: 'holiday_package_data' })
export class HolidayPackageDataEntity {
  @PrimaryColumn('smallint')
  id: number;

  /** Every listed day: date → { working, name }. */
  @Column('jsonb')
  days: Record<string, { working: boolean; name: string }>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
