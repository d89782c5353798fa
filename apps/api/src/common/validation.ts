import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, inputProblems, ValidationFailedError } from '@rol/domain';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints
      ? [
          {
            field,
            problems: Object.entries(error.constraints).map(([kind, text]) =>
              kind === 'whitelistValidation' ? '不允许的字段 (unknown field)' : text,
            ),
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
