import { HttpException } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { DomainError, ERROR_STATUS, ErrorCode } from '@rol/domain';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** true for faults of ours (not of the request), which are logged with their stack. */
  unexpected: boolean;
}

const HTTP_CODES: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'VALIDATION_FAILED', message: '请求格式不正确' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '无权执行此操作' },
  404: { code: 'NOT_FOUND', message: '请求的资源不存在' },
  409: { code: 'CONFLICT', message: '操作与当前状态冲突' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体应为 JSON（Content-Type: application/json）' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' },
};

/**
 * Express and body-parser refuse a request with an http-errors error: a 4xx `status` and `expose`
 * (its text may be shown), and for body-parser a `type`. Its English message is not passed on.
 */
function requestRefused(error: Error): ErrorResponse | null {
  const { status, statusCode, expose, type, limit } = error as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    type?: unknown;
    limit?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499 || expose !== true) return null;
  const refused = (errorCode: ErrorCode, message: string): ErrorResponse => ({
    status: ERROR_STATUS[errorCode],
    body: body(errorCode, message),
    unexpected: false,
  });
  if (code === 413) {
    const mb = typeof limit === 'number' ? `（上限 ${Math.round((limit / 1048576) * 10) / 10} MB）` : '';
    return refused('PAYLOAD_TOO_LARGE', `请求体过大${mb}`);
  }
  if (type === 'charset.unsupported') return refused('UNSUPPORTED_MEDIA_TYPE', '请求体应使用 UTF-8 编码');
  if (type === 'encoding.unsupported') return refused('UNSUPPORTED_MEDIA_TYPE', '不支持该请求体压缩方式');
  if (code === 415) return refused('UNSUPPORTED_MEDIA_TYPE', HTTP_CODES[415].message);
  if (type === 'entity.parse.failed') return refused('VALIDATION_FAILED', '请求体不是合法的 JSON');
  const known = HTTP_CODES[code];
  return known ? refused(known.code, known.message) : refused('VALIDATION_FAILED', HTTP_CODES[400].message);
}

// PostgreSQL SQLSTATEs that mean the request was at fault, not the server.
const PG_CONFLICT = new Set(['23505']);
const PG_BAD_INPUT = new Set([
  '23503',
  '23502',
  '23514',
  '22P02',
  '22P05',
  '22007',
  '22008',
  '22003',
  '22001',
  '22021',
]);
const CONNECTION_FAULTS =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connect ECONN|timeout exceeded when trying to connect|Driver not Connected|Cannot use a pool after calling end/i;

function body(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return details
    ? { statusCode: ERROR_STATUS[code], code, message, details }
    : { statusCode: ERROR_STATUS[code], code, message };
}

function isTemporalUnavailable(error: Error): boolean {
  const grpcCode = (error as { code?: unknown }).code;
  // gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4), or the SDK's own connection errors.
  return (
    // An update whose call ran out of time or was cancelled (the SDK reports gRPC CANCELLED this way too):
    // its outcome is not known yet, the engine did not answer in time.
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    error.name === 'ServiceError' ||
    error.name === 'TransportError' ||
    (typeof grpcCode === 'number' && (grpcCode === 14 || grpcCode === 4)) ||
    (error.cause instanceof Error && isTemporalUnavailable(error.cause))
  );
}

/** The one mapping from anything thrown while handling a request to the API's error format. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) {
    return {
      status: error.status,
      body: body(error.code, error.message, error.details),
      unexpected: error.status >= 500,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const known = HTTP_CODES[status];
    if (known) return { status, body: body(known.code, known.message), unexpected: false };
    return { status: 500, body: body('INTERNAL_ERROR', '服务器内部错误'), unexpected: true };
  }
  const refused = error instanceof Error ? requestRefused(error) : null;
  if (refused) return refused;
  // A workflow's update validator refuses with a coded ApplicationFailure (workflows/cycle.workflow.ts).
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type ?? '';
    if (code in ERROR_STATUS && code !== 'INTERNAL_ERROR') {
      const details = error.cause.details?.[0] as Record<string, unknown> | undefined;
      const status = ERROR_STATUS[code as ErrorCode];
      return { status, body: body(code as ErrorCode, error.cause.message, details), unexpected: status >= 500 };
    }
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return { status: 409, body: body('CONFLICT', '该流程已在运行'), unexpected: false };
  }
  if (error instanceof QueryFailedError) {
    const sqlState = (error.driverError as { code?: string } | undefined)?.code ?? '';
    if (PG_CONFLICT.has(sqlState)) return { status: 409, body: body('CONFLICT', '记录已存在'), unexpected: false };
    if (PG_BAD_INPUT.has(sqlState)) {
      return { status: 400, body: body('VALIDATION_FAILED', '请求数据不合法或引用的记录不存在'), unexpected: false };
    }
  }
  if (error instanceof Error && CONNECTION_FAULTS.test(error.message)) {
    return {
      status: 503,
      body: body('UNAVAILABLE', '数据库暂不可用，请稍后重试', { service: 'database' }),
      unexpected: false,
    };
  }
  if (error instanceof Error && isTemporalUnavailable(error)) {
    return {
      status: 503,
      body: body('UNAVAILABLE', '流程引擎暂不可用，请稍后重试', { service: 'temporal' }),
      unexpected: false,
    };
  }
  return { status: 500, body: body('INTERNAL_ERROR', '服务器内部错误'), unexpected: true };
}
