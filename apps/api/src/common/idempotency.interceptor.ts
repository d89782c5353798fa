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
import { createHmac } from 'node:crypto';
import type { Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { ConflictError, ValidationFailedError } from '@rol/domain';
import { canonicalJson, IdempotencyRecordEntity } from '@rol/persistence';
import { RequestWithActor } from './actor';
import { toErrorResponse } from './error-response';
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
    const repo = this.dataSource.getRepository(IdempotencyRecordEntity);

    const existing = await this.claim(scope, key, requestHash);
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ConflictError('该 Idempotency-Key 已用于另一个请求', { idempotencyKey: key });
      }
      if (existing.statusCode === null)
        throw new ConflictError('相同 Idempotency-Key 的请求仍在处理中', { idempotencyKey: key });
      response.setHeader('Idempotent-Replayed', 'true');
      if (existing.statusCode >= 400) throw new ReplayedError(existing.statusCode, existing.responseBody);
      response.status(existing.statusCode);
      return existing.responseBody;
    }

    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      await this.record(scope, key, () =>
        status >= 500
          ? repo.delete({ scope, key })
          : repo.update({ scope, key }, { statusCode: status, responseBody: body as object }),
      );
      throw error;
    }
    // The change is committed: failing to store the answer must not turn it into an error.
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    await this.record(scope, key, () =>
      repo.update({ scope, key }, { statusCode: status, responseBody: (result ?? null) as object | null }),
    );
    return result;
  }

  /** Bookkeeping that may fail (database blip) without hiding the request's own outcome. */
  private async record(scope: string, key: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.warn(
        `could not record the answer for Idempotency-Key ${key} of ${scope}: ${(error as Error).message}`,
      );
    }
  }

  /** Inserts the in-progress record; returns the earlier record when the key was already used. */
  private async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyRecordEntity | null> {
    const repo = this.dataSource.getRepository(IdempotencyRecordEntity);
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await repo
        .createQueryBuilder()
        .insert()
        .values({ scope, key, requestHash, statusCode: null, responseBody: null })
        .orIgnore()
        .returning('id')
        .execute();
      if (inserted.raw.length > 0) return null;
      const existing = await repo.findOneBy({ scope, key });
      if (!existing) continue; // the first request failed and released the key meanwhile: claim it again
      const abandoned = existing.statusCode === null && existing.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS;
      if (!abandoned) return existing;
      await repo.delete({
        scope,
        key,
        statusCode: IsNull(),
        createdAt: LessThan(new Date(Date.now() - ABANDONED_AFTER_MS)),
      });
    }
    throw new ConflictError('相同 Idempotency-Key 的请求仍在处理中', { idempotencyKey: key });
  }
}

/** Lets the error filter answer a replayed error exactly as it was first answered. */
export function replayedError(error: unknown): { status: number; body: unknown } | null {
  return error instanceof ReplayedError ? { status: error.status, body: error.body } : null;
}
