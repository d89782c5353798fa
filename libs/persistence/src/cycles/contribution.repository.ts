import { DataSource } from 'typeorm';
import { ContributionEntity } from '../entities/contribution.entity';

/** Divisions' material for their department's report (contribution): one per division and cycle. */
export class ContributionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the material, unless the division has handed some in already; the id of the row kept now, or null. */
  async keep(
    contribution: Pick<ContributionEntity, 'cycleId' | 'divisionId' | 'content' | 'authorId' | 'late'>,
  ): Promise<string | null> {
    const kept = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ContributionEntity)
      .values(contribution)
      .orIgnore()
      .returning('id')
      .execute();
    return (kept.raw as { id: string }[])[0]?.id ?? null;
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.getRepository(ContributionEntity).delete({ id });
  }
}
