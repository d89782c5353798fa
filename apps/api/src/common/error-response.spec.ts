import { BadRequestException, NotFoundException } from '@nestjs/common';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { ConflictError, ValidationFailedError } from '@rol/domain';
import { toErrorResponse } from './error-response';

function pgError(code: string): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('pg'), { code }));
}

describe('toErrorResponse', () => {
  it('maps domain errors to their status and code', () => {
    expect(toErrorResponse(ValidationFailedError.field('kind', 'bad'))).toMatchObject({
      status: 400,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', details: { fields: [{ field: 'kind', problems: ['bad'] }] } },
    });
    expect(toErrorResponse(new ConflictError('dup')).body).toMatchObject({
      statusCode: 409,
      code: 'CONFLICT',
      message: 'dup',
    });
  });

  it('maps framework errors without leaking their English text', () => {
    expect(toErrorResponse(new BadRequestException('Unexpected token')).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '请求格式不正确',
    });
    expect(toErrorResponse(new NotFoundException()).body.code).toBe('NOT_FOUND');
  });

  it('maps what Express and body-parser refuse (http-errors: a 4xx status it may show) to a coded 4xx', () => {
    const refused = (status: number, type: string, extra: object = {}) =>
      Object.assign(new Error('English text'), { status, statusCode: status, expose: true, type, ...extra });
    expect(toErrorResponse(refused(413, 'entity.too.large', { limit: 4 * 1048576 }))).toEqual({
      status: 413,
      body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大（上限 4 MB）' },
      unexpected: false,
    });
    expect(toErrorResponse(refused(415, 'charset.unsupported')).body).toMatchObject({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(toErrorResponse(refused(400, 'entity.parse.failed')).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '请求体不是合法的 JSON',
    });
    // JSON.parse's RangeError, wrapped by body-parser with status 400.
    const range = Object.assign(new RangeError('Maximum call stack size exceeded'), {
      status: 400,
      statusCode: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    expect(toErrorResponse(range).status).toBe(400);
    // A status that is not the request's fault, or not to be shown, stays a logged 500.
    expect(toErrorResponse(Object.assign(new Error('x'), { status: 500, expose: false })).status).toBe(500);
    expect(toErrorResponse(Object.assign(new Error('x'), { status: 400 })).status).toBe(500);
  });

  it('maps database constraint violations to client errors and outages to 503', () => {
    expect(toErrorResponse(pgError('23505')).status).toBe(409);
    expect(toErrorResponse(pgError('23503')).body.code).toBe('VALIDATION_FAILED');
    expect(toErrorResponse(new Error('connect ECONNREFUSED 127.0.0.1:5432')).body).toMatchObject({
      statusCode: 503,
      code: 'UNAVAILABLE',
    });
  });

  it('maps an unreachable Temporal to 503 and anything else to a logged 500', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    expect(toErrorResponse(grpc).status).toBe(503);
    const bug = toErrorResponse(new TypeError('x is undefined'));
    expect(bug).toMatchObject({ status: 500, unexpected: true, body: { code: 'INTERNAL_ERROR' } });
  });

  it('answers 503 when an update call ran out of time or was cancelled (gRPC CANCELLED, no DEADLINE_EXCEEDED code)', () => {
    const cancelled = Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: 1 });
    const error = new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client', { cause: cancelled });
    expect(toErrorResponse(error)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
  });
});
