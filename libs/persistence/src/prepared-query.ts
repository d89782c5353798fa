import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

const names = new Map<string, string>();

/** One name per statement text: the same text is parsed and planned once per connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `rol_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of a hot path (every person's step) as a named prepared statement on the pool:
 * PostgreSQL parses and plans it once per connection instead of at every call. In a transaction
 * (a manager with an active query runner) it runs there, as any query. Failures are TypeORM's
 * QueryFailedError, as from `manager.query`, so they map to the same answers.
 */
export async function preparedQuery<T>(on: DataSource | EntityManager, text: string, params: unknown[]): Promise<T[]> {
  const manager = on instanceof DataSource ? on.manager : on;
  if (manager.queryRunner?.isTransactionActive) return manager.query(text, params);
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  try {
    return (await pool.query({ name: statementName(text), text, values: params })).rows as T[];
  } catch (error) {
    throw error instanceof Error && 'code' in error ? new QueryFailedError(text, params, error) : error;
  }
}
