import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntitySubscriberInterface, EventSubscriber, QueryRunner, TransactionStartEvent } from 'typeorm';
import { ConflictError } from '@rol/domain';

/**
 * The fence of an `Idempotency-Key` (see IdempotencyInterceptor).
 *
 * Each claim of a key — the first request, or a retry taking over one abandoned for a while —
 * writes a fresh random `owner_token` into its row. Before an execution changes anything it
 * *seals* the row: one UPDATE that succeeds only while the row still carries its own token and
 * no answer. Sealing is done:
 *  - inside every database transaction the request opens (a TypeORM subscriber, on transaction
 *    start): the seal commits or rolls back with the change, and the row lock it takes is held
 *    until then, so a take-over waits and then finds the row sealed;
 *  - explicitly (`sealBeforeExternalEffect`) before a change made outside a transaction (a
 *    Temporal update, an insert on its own).
 * A take-over only happens to an unsealed row, so after a seal nobody can take the key over, and an
 * execution whose key was taken over fails its seal with 409 CONFLICT before it changes anything.
 * Hence only one execution of a key ever commits.
 */
export interface IdempotencyFence {
  scope: string;
  key: string;
  token: string;
}

const fences = new AsyncLocalStorage<IdempotencyFence>();

/** Runs a request's handler with its fence: the transactions it opens seal the key first. */
export function runFenced<T>(fence: IdempotencyFence, work: () => T): T {
  return fences.run(fence, work);
}

export function staleOwnerError(key: string): ConflictError {
  return new ConflictError('该 Idempotency-Key 的请求已被后来的重试接管，本次执行未生效，请以重试的结果为准', {
    idempotencyKey: key,
  });
}

const SEAL = `UPDATE idempotency_record SET sealed_at = coalesce(sealed_at, now())
               WHERE scope = $1 AND key = $2 AND owner_token = $3 AND status_code IS NULL
               RETURNING id`;

async function seal(run: (sql: string, params: unknown[]) => Promise<unknown>, fence: IdempotencyFence) {
  const [rows] = (await run(SEAL, [fence.scope, fence.key, fence.token])) as [unknown[], number];
  if (rows.length === 0) throw staleOwnerError(fence.key);
}

/**
 * Seals the current request's key before a change that is not part of a database transaction of
 * this request (a workflow update, a lone insert). Does nothing outside a fenced request.
 */
export async function sealBeforeExternalEffect(dataSource: DataSource): Promise<void> {
  const fence = fences.getStore();
  if (fence) await seal((sql, params) => dataSource.query(sql, params), fence);
}

/** Seals the key as the first statement of every transaction a fenced request opens. */
@EventSubscriber()
export class IdempotencyFenceSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const fence = fences.getStore();
    const runner: QueryRunner = event.queryRunner;
    if (fence) await seal((sql, params) => runner.query(sql, params), fence);
  }
}
