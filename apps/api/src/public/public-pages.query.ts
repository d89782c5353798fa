import { isUUID } from 'class-validator';
import { FieldProblem, ValidationFailedError } from '@rol/domain';

export interface PublicPagesQuery {
  year?: number;
  organizationId?: string;
  /** 1-based. */
  page: number;
}

/**
 * `?year=&organizationId=&page=` of the public report list. Unlike the API, the page ignores
 * parameters it does not know: links to it are shared, and a messenger adds its own (`from=…`).
 * The filter form's "all" choices arrive empty (`year=`), which is no filter.
 */
export function parsePublicPagesQuery(query: Record<string, unknown>): PublicPagesQuery {
  const problems: FieldProblem[] = [];
  const refuse = (field: string, problem: string) => {
    problems.push({ field, problems: [problem] });
    return undefined;
  };
  const text = (field: string): string | undefined => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value : refuse(field, `${field} 只能给出一个值`);
  };
  const integer = (field: string, min: number, max: number, problem: string): number | undefined => {
    const value = text(field);
    if (value === undefined) return undefined;
    return /^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max
      ? Number(value)
      : refuse(field, problem);
  };
  const year = integer('year', 1900, 9999, 'year 应为年份');
  const organization = text('organizationId');
  const organizationId =
    organization === undefined || isUUID(organization)
      ? organization
      : refuse('organizationId', 'organizationId 应为单位编号');
  const page = integer('page', 1, 100_000, 'page 应为正整数') ?? 1;
  if (problems.length > 0) {
    throw new ValidationFailedError(problems, `请求参数不合法：${problems.map((p) => p.field).join('、')}`);
  }
  return { year, organizationId, page };
}
