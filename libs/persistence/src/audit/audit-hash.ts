import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(normalise(value)));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A string as PostgreSQL stores it: sent as UTF-8, where half of a surrogate pair cannot be encoded
 * and becomes U+FFFD. Rows are hashed in this form, so what is hashed is what is stored.
 */
export function storedText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * What a value becomes after a round trip through jsonb: dates as ISO strings, undefined dropped,
 * strings as stored (storedText).
 */
export function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? 'null', (_key, item: unknown) =>
    typeof item === 'string' ? storedText(item) : item,
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export interface ChainedFields {
  id: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** hash(n) = sha256(hash(n-1) + canonical row n): changing, removing or reordering any row breaks the chain. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  const body = canonicalJson({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
