import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A division's material for its department's report (材料征集). */
@Entity({ name: 'contribution' })
@Index('contribution_cycle_division_key', ['cycleId', 'divisionId'], { unique: true })
export class ContributionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'cycle_id' })
  cycleId: string;

  @Column('uuid', { name: 'division_id' })
  divisionId: string;

  @Column('text')
  content: string;

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @Column('boolean')
  late: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
