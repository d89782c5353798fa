import { DataSource, EntityManager } from 'typeorm';
import { DraftEntity } from '../entities/draft.entity';

export type DraftSummary = Pick<DraftEntity, 'version' | 'sectionCheck'>;

/** The versions of a report's draft (draft). */
export class DraftRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version's number and section check (not its text), or null when there is none. */
  async latest(cycleId: string, manager: EntityManager = this.dataSource.manager): Promise<DraftSummary | null> {
    const [row]: { version: number; section_check: DraftEntity['sectionCheck'] }[] = await manager.query(
      'SELECT version, section_check FROM draft WHERE cycle_id = $1 ORDER BY version DESC LIMIT 1',
      [cycleId],
    );
    return row ? { version: row.version, sectionCheck: row.section_check } : null;
  }

  async insert(
    manager: EntityManager,
    draft: Pick<DraftEntity, 'cycleId' | 'version' | 'content' | 'sectionCheck' | 'authorId'>,
  ): Promise<void> {
    await manager.insert(DraftEntity, draft);
  }

  /** Every version of the cycle's draft, oldest first. */
  list(cycleId: string): Promise<DraftEntity[]> {
    return this.dataSource.getRepository(DraftEntity).find({ where: { cycleId }, order: { version: 'ASC' } });
  }

  find(cycleId: string, version: number): Promise<DraftEntity | null> {
    return this.dataSource.getRepository(DraftEntity).findOneBy({ cycleId, version });
  }
}
