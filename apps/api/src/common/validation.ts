import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, inputProblems, ValidationFailedError } from '@rol/domain';

/**
 * class-validator's own messages are English ("email must be an email"): people read Chinese, so a
 * rule given without a message of its own is told in Chinese here, its bound (a number) kept.
 */
const CHINESE: Record<string, (bound: string | undefined) => string> = {
  isEmail: () => '须为有效的电子邮箱地址',
  isNotEmpty: () => '不能为空',
  isDefined: () => '必须填写',
  isString: () => '须为文本',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isBoolean: () => '须为 true 或 false',
  isArray: () => '须为数组',
  isObject: () => '须为对象',
  isUuid: () => '须为 UUID',
  isUUID: () => '须为 UUID',
  isEnum: () => '不在允许的取值之内',
  isIn: () => '不在允许的取值之内',
  isDateString: () => '须为 ISO 8601 日期时间',
  isIso8601: () => '须为 ISO 8601 日期时间',
  isISO8601: () => '须为 ISO 8601 日期时间',
  matches: () => '格式不正确',
  min: (n) => `不能小于 ${n}`,
  max: (n) => `不能大于 ${n}`,
  minLength: (n) => `长度不能少于 ${n} 个字符`,
  maxLength: (n) => `长度不能超过 ${n} 个字符`,
  arrayMinSize: (n) => `至少 ${n} 项`,
  arrayMaxSize: (n) => `至多 ${n} 项`,
  arrayNotEmpty: () => '不能为空',
  arrayUnique: () => '不能有重复项',
  isPositive: () => '须为正数',
};

/** The rule's message: its own when it has one (Chinese), else the Chinese of the default. */
function message(kind: string, text: string): string {
  if (kind === 'whitelistValidation') return '不允许的字段 (unknown field)';
  const chinese = CHINESE[kind];
  if (!chinese || /[\u4e00-\u9fff]/.test(text)) return text;
  return chinese(text.match(/(-?\d+(?:\.\d+)?)(?!.*\d)/)?.[1]);
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints
      ? [
          {
            field,
            problems: Object.entries(error.constraints).map(([kind, text]) => message(kind, text)),
          },
        ]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every request's body, query and path parameters pass the one text rule (libs/domain/src/text.ts)
 * before anything else looks at them: text PostgreSQL cannot store as sent, or nesting deeper than a
 * DTO has, is refused here, naming the field, so no workflow or table ever sees it.
 */
class RequestPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = inputProblems(value);
      if (problems.length > 0) {
        const fields = problems.map(({ field, problem }) => ({
          field: field || (metadata.type === 'param' ? (metadata.data ?? metadata.type) : metadata.type),
          problems: [problem],
        }));
        throw new ValidationFailedError(fields, `请求参数不合法：${fields.map((f) => f.field).join('、')}`);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Rejects unknown fields and names every bad field in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new RequestPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ValidationFailedError(fields, `请求参数不合法：${fields.map((f) => f.field).join('、')}`);
    },
  });
}
