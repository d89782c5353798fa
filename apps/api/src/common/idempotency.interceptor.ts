import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import type { AppConfig } from '@rol/config';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { ConflictError, ValidationFailedError } from '@rol/domain';
import { canonicalJson, IdempotencyRecordEntity } from '@rol/persistence';
import { RequestWithActor } from './actor';
import { toErrorResponse } from './error-response';
import { IdempotencyFence, runFenced, staleOwnerError } from './idempotency-fence';
import { APP_CONFIG } from './tokens';

const SKIP = Symbol('SKIP_IDEMPOTENCY');
/** For writes whose answer must never be stored (login: it carries a token). */
export const SkipIdempotency = () => SetMetadata(SKIP, true);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A first request that has not finished after this long is taken as abandoned (its process died). */
const ABANDONED_AFTER_MS = 2 * 60_000;

class ReplayedError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('replayed error');
  }
}

/**
 * `Idempotency-Key` on writes: the first answer (success or a client error) is stored and replayed for
 * the same key; a server fault is not stored, so the client can retry. The same key with another
 * request, or while the first is still running, is a CONFLICT.
 *
 * A first request silent for ABANDONED_AFTER_MS (its process died) may be taken over by a retry,
 * but only one execution of a key ever commits: each claim writes a fresh owner token, and an
 * execution seals the row with its token before it changes anything (idempotency-fence.ts). A
 * sealed row is never taken over; an execution whose key was taken over is refused at its seal
 * (nothing done) or when it stores its answer, with 409 CONFLICT.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !WRITE_METHODS.has(request.method)) return next.handle();
    if (this.reflector.get<boolean>(SKIP, context.getHandler())) return next.handle();
    if (key.length === 0 || key.length > 200)
      throw ValidationFailedError.field('Idempotency-Key', '长度应为1至200个字符');
    return from(this.handle(context, next, request, key));
  }

  private async handle(context: ExecutionContext, next: CallHandler, request: RequestWithActor, key: string) {
    const response = context.switchToHttp().getResponse<Response>();
    const scope = request.actor?.userId ?? 'anonymous';
    // Keyed, because bodies may carry passwords: a plain digest could be brute-forced from the table.
    const requestHash = createHmac('sha256', this.config.jwtSecret)
      .update(`${request.method} ${request.originalUrl}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const fence: IdempotencyFence = { scope, key, token: randomUUID() };

    const existing = await this.claim(fence, requestHash);
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ConflictError('该 Idempotency-Key 已用于另一个请求', { idempotencyKey: key });
      }
      if (existing.statusCode === null) {
        const silent = existing.claimedAt.getTime() < Date.now() - ABANDONED_AFTER_MS;
        throw new ConflictError(
          existing.sealedAt !== null && silent
            ? '相同 Idempotency-Key 的请求已提交变更但未记录应答，不会再次执行，请核对结果'
            : '相同 Idempotency-Key 的请求仍在处理中',
          { idempotencyKey: key },
        );
      }
      response.setHeader('Idempotent-Replayed', 'true');
      if (existing.statusCode >= 400) throw new ReplayedError(existing.statusCode, existing.responseBody);
      response.status(existing.statusCode);
      return existing.responseBody;
    }

    let result: unknown;
    try {
      // The handler's transactions (and its explicit seals) see the fence; this method's own
      // bookkeeping below runs outside it.
      result = await runFenced(fence, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      const outcome = await this.record(fence, () =>
        status >= 500
          ? this.releaseAfterFault(fence)
          : this.ownRow(fence)
              .update()
              .set({ statusCode: status, responseBody: body as object })
              .execute(),
      );
      if (outcome === 'stale') throw staleOwnerError(key);
      throw error;
    }
    // The change is committed: failing to store the answer must not turn it into an error.
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    const outcome = await this.record(fence, () =>
      this.ownRow(fence)
        .update()
        .set({ statusCode: status, responseBody: (result ?? null) as object | null })
        .execute(),
    );
    // Taken over: this execution never sealed, so it changed nothing; the answer is the new holder's.
    if (outcome === 'stale') throw staleOwnerError(key);
    return result;
  }

  /** The key's row while it is unanswered and still held by this execution. */
  private ownRow(fence: IdempotencyFence) {
    return this.dataSource
      .getRepository(IdempotencyRecordEntity)
      .createQueryBuilder()
      .where('scope = :scope AND key = :key AND owner_token = :token AND status_code IS NULL', fence);
  }

  /**
   * Nothing is stored for a server fault: the key is released (if still ours) for a retry — unless
   * this execution sealed it, since then its change may have committed (or a workflow may have taken
   * the step) and a second execution could do it twice. A sealed key stays unanswered: a retry is told
   * the change was submitted without an answer, and a new key is needed to try again.
   */
  private async releaseAfterFault(fence: IdempotencyFence): Promise<{ affected?: number | null }> {
    const released = await this.ownRow(fence).andWhere('sealed_at IS NULL').delete().execute();
    if (released.affected) return released;
    const sealed = await this.ownRow(fence).andWhere('sealed_at IS NOT NULL').select('1').getRawMany();
    return { affected: sealed.length };
  }

  /**
   * Bookkeeping that may fail (database blip) without hiding the request's own outcome; 'stale'
   * when the row is no longer this execution's (taken over).
   */
  private async record(
    fence: IdempotencyFence,
    write: () => Promise<{ affected?: number | null }>,
  ): Promise<'recorded' | 'stale' | 'failed'> {
    try {
      return (await write()).affected === 0 ? 'stale' : 'recorded';
    } catch (error) {
      this.logger.warn(
        `could not record the answer for Idempotency-Key ${fence.key} of ${fence.scope}: ${(error as Error).message}`,
      );
      return 'failed';
    }
  }

  /**
   * Inserts the in-progress record with this execution's token; or takes over a record of the same
   * request abandoned unsealed for ABANDONED_AFTER_MS (by the database's clock), writing its token.
   * Returns the earlier record otherwise.
   */
  private async claim(fence: IdempotencyFence, requestHash: string): Promise<IdempotencyRecordEntity | null> {
    const { scope, key, token } = fence;
    const repo = this.dataSource.getRepository(IdempotencyRecordEntity);
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await repo
        .createQueryBuilder()
        .insert()
        .values({ scope, key, requestHash, ownerToken: token, statusCode: null, responseBody: null })
        .orIgnore()
        .returning('id')
        .execute();
      if (inserted.raw.length > 0) return null;
      const existing = await repo.findOneBy({ scope, key });
      if (!existing) continue; // the first request failed and released the key meanwhile: claim it again
      if (existing.requestHash !== requestHash || existing.statusCode !== null || existing.sealedAt !== null) {
        return existing;
      }
      // Waits while the holder is inside a sealed transaction, then finds the row sealed.
      const [taken]: [unknown[], number] = await this.dataSource.query(
        `UPDATE idempotency_record SET owner_token = $4, claimed_at = now()
          WHERE scope = $1 AND key = $2 AND owner_token = $3 AND status_code IS NULL AND sealed_at IS NULL
            AND claimed_at < now() - make_interval(secs => $5)
          RETURNING id`,
        [scope, key, existing.ownerToken, token, ABANDONED_AFTER_MS / 1000],
      );
      if (taken.length > 0) {
        this.logger.warn(
          `Idempotency-Key ${key} of ${scope} taken over from an execution silent since ${existing.claimedAt.toISOString()}`,
        );
        return null;
      }
      return existing;
    }
    throw new ConflictError('相同 Idempotency-Key 的请求仍在处理中', { idempotencyKey: key });
  }
}

/** Lets the error filter answer a replayed error exactly as it was first answered. */
export function replayedError(error: unknown): { status: number; body: unknown } | null {
  return error instanceof ReplayedError ? { status: error.status, body: error.body } : null;
}
