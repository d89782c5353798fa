import { DataSource } from 'typeorm';

/** 索引号 held by published reports (index_number): one per cycle, and no number held twice. */
export class IndexNumberRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The cycle holding `indexNumber`, or null when none does. */
  async holder(indexNumber: string): Promise<string | null> {
    const rows: { cycle_id: string }[] = await this.dataSource.query(
      'SELECT cycle_id FROM index_number WHERE index_number = $1',
      [indexNumber],
    );
    return rows[0]?.cycle_id ?? null;
  }

  /** The highest serial number (the five digits at the end) held under `prefix`, or null when none is. */
  async lastSerial(prefix: string): Promise<number | null> {
    const [{ last }]: { last: number | null }[] = await this.dataSource.query(
      `SELECT max(substring(index_number FROM '-([0-9]{5})$')::int) AS last FROM index_number
        WHERE starts_with(index_number, $1)`,
      [prefix],
    );
    return last;
  }
}
