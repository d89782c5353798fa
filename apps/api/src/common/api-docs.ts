import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '@rol/domain';

/** The one error format of the API (ErrorFilter): `{statusCode, code, message, details?}`. */
export class ErrorView {
  @ApiProperty({ description: 'HTTP status, repeated in the body', example: 400 })
  statusCode: number;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS), description: 'Stable UPPER_SNAKE error code' })
  code: ErrorCode;

  @ApiProperty({ description: 'For people, in Chinese', example: '请求参数不合法' })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'e.g. `fields` for VALIDATION_FAILED, `missing` for MISSING_SECTIONS',
  })
  details?: Record<string, unknown>;
}

/** What each coded status means, with the codes it carries (API.md, ERROR_STATUS). */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input: VALIDATION_FAILED (details.fields names the fields)',
  401: 'No valid session: UNAUTHENTICATED',
  403: 'Not allowed: FORBIDDEN, or PASSWORD_CHANGE_REQUIRED',
  404: 'No such resource visible to the caller: NOT_FOUND',
  409: 'Conflicts with the current state: CONFLICT or STAGE_MISMATCH',
  413: 'Body too large: PAYLOAD_TOO_LARGE',
  415: 'Body is not JSON: UNSUPPORTED_MEDIA_TYPE',
  422: 'Understood but refused by a rule: MISSING_SECTIONS, NO_DEPARTMENTS, HOLIDAYS_UNKNOWN, NOTICE_UNREADABLE',
  423: 'Account locked after failed sign-ins: ACCOUNT_LOCKED (details.lockedUntil)',
  429: 'Too many requests: TOO_MANY_REQUESTS',
  503: 'A backing service is down: UNAVAILABLE',
};

/** The statuses every route may answer: a bearer route adds 401 and 403 (ApiErrors adds them when asked). */
const EVERY_ROUTE: readonly number[] = [503];

/** Declares the route's coded error answers, each as ErrorView: `@ApiErrors(400, 401, 403, 404)`. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses, ...EVERY_ROUTE])].sort((a, b) => a - b);
  return applyDecorators(
    ApiExtraModels(ErrorView),
    ...all.map((status) => {
      const description = STATUS_TEXT[status];
      if (!description) throw new Error(`ApiErrors: no description for status ${status}`);
      // Spelled out: a route that produces files (ApiProduces) still answers its errors as JSON.
      return ApiResponse({
        status,
        description,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorView) } } },
      });
    }),
  );
}

/** A page of `item`: `{items: item[], total}` (the answer of every list, API.md). */
export function pageOf<T>(
  item: Type<T>,
  name = `${item.name.replace(/View$/, '')}Page`,
): Type<{ items: T[]; total: number }> {
  class PageView {
    @ApiProperty({ type: () => item, isArray: true })
    items: T[];

    @ApiProperty({ description: 'How many there are in all, beyond this page' })
    total: number;
  }
  Object.defineProperty(PageView, 'name', { value: name });
  return PageView;
}

/**
 * The operationId of a route without its own (`@ApiOperation({operationId})`): the method name and
 * the controller's resource, so the routes CycleController gives every kind of cycle get one each:
 * `listReportCycles`, `advanceShufaCycle`. Every other route names its own.
 */
export function operationIdFactory(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${methodKey}${resource}${methodKey === 'list' ? 's' : ''}`;
}
