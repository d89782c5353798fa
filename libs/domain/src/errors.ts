/**
 * Coded domain errors. Domain code throws these; the HTTP edge maps each code to a status exactly once
 * (apps/api/src/common/error.filter.ts). Messages are for people, in Chinese.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** An administrator reset the password: only changing it, GET /api/me and logout are open. */
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STAGE_MISMATCH: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MISSING_SECTIONS: 422,
  NO_DEPARTMENTS: 422,
  /** The calendar plans instants in a year whose holidays are unknown: launching needs `acknowledgeUnknownHolidays`. */
  HOLIDAYS_UNKNOWN: 422,
  /** An imported holiday notice has sentences that cannot be read: `details.problems`. */
  NOTICE_UNREADABLE: 422,
  /** Too many failed sign-ins of that account name; `details.lockedUntil`. */
  ACCOUNT_LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  field: string;
  problems: string[];
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fields: FieldProblem[], message = '请求参数不合法') {
    super('VALIDATION_FAILED', message, { fields });
  }

  static field(field: string, problem: string): ValidationFailedError {
    return new ValidationFailedError([{ field, problems: [problem] }], `${field}: ${problem}`);
  }
}

/** What a person is told when his step could not be stored and was undone. */
export const STEP_UNDONE_MESSAGE = '该操作的内容无法保存，已撤销，流程保持原状';

/** A step PostgreSQL would not store: it was undone in the workflow too, nothing of it remains. */
export class StepUndoneError extends ValidationFailedError {
  constructor() {
    super([], STEP_UNDONE_MESSAGE);
  }
}

/**
 * Not there, or not the caller's to see: one answer for both, so that nobody learns from it what
 * exists in other organisations.
 */
export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what}不存在或无权访问`, { id });
  }
}

/** A reference in a request to something that does not exist or is outside the caller's reach (one answer for both). */
export function unknownReference(field: string, what: string): ValidationFailedError {
  return ValidationFailedError.field(field, `引用的${what}不存在或不在您的管理范围内`);
}

export class ForbiddenError extends DomainError {
  constructor(message = '无权执行此操作') {
    super('FORBIDDEN', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export class StageMismatchError extends DomainError {
  constructor(message: string) {
    super('STAGE_MISMATCH', message);
  }
}

/** A draft that lacks required sections must not pass to review; `missing` names each one. */
export class MissingSectionsError extends DomainError {
  constructor(missing: { key: string; title: string }[], what = '草稿') {
    super('MISSING_SECTIONS', `${what}缺少必备部分：${missing.map((m) => `「${m.title}」`).join('、')}`, { missing });
  }
}
