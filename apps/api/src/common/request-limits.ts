import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, nestingProblem, ValidationFailedError } from '@rol/domain';
import { DRAFT_MAX_LENGTH } from '../cycles/text-version.dto';

/**
 * The JSON body limit, so that every body a DTO allows fits and nothing much larger is read: the
 * longest field is a draft's `content` (DRAFT_MAX_LENGTH UTF-16 units, as class-validator counts);
 * JSON may send each unit as a 6-byte `\uXXXX` escape (a CJK character is 3 bytes as UTF-8), plus
 * 1 MiB for the other fields and the JSON around them. About 3.9 MB; a larger body is refused with
 * 413 PAYLOAD_TOO_LARGE as soon as its Content-Length (or its bytes read so far) says so.
 */
export const JSON_BODY_LIMIT_BYTES = 6 * DRAFT_MAX_LENGTH + 1024 * 1024;

/** The media types the API reads a body as (as JSON). */
export const JSON_TYPES = ['application/json', 'application/*+json'];

/** Chunked, or a Content-Length other than 0 (fetch sends 0 for a POST without a body). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0;
}

/**
 * A request under /api that carries a body must send it as JSON: anything else (a form, text, XML,
 * no Content-Type) is refused with 415 UNSUPPORTED_MEDIA_TYPE, rather than read as an empty body.
 * A write without a body (Content-Length: 0) is fine.
 */
export function requireJsonBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.is(JSON_TYPES)) {
      next(new DomainError('UNSUPPORTED_MEDIA_TYPE', '请求体应为 JSON（Content-Type: application/json）'));
      return;
    }
    next();
  };
}

/**
 * The nesting rule of the text rule (libs/domain/src/text.ts), applied as soon as the body is parsed:
 * guards and interceptors run before the validation pipe, and some walk the body recursively (the
 * Idempotency-Key hash), which a body nested thousands deep would overflow.
 */
export function refuseDeepBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const problem = nestingProblem(req.body);
    if (problem) {
      const field = problem.field || 'body';
      next(new ValidationFailedError([{ field, problems: [problem.problem] }], `请求参数不合法：${field}`));
      return;
    }
    next();
  };
}
