import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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
  sectionCheck: { found: { key: string; heading: string; line: number }[]; missing: { key: string; title: string }[] };

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
