import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SectionCheck } from '@rol/domain';

/** One version of a report's draft, with the section check it got when it was saved. */
@Entity({ name: 'draft' })
export class DraftEntity {
  @PrimaryColumn('text', { name: 'cycle_id' })
  cycleId: string;

  @PrimaryColumn('int')
  version: number;

  @Column('text')
  content: string;

  @Column('jsonb', { name: 'section_check' })
  /** The report's section check, or a 述法 report's content check. */
  sectionCheck: SectionCheck<string>;

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
