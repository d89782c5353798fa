import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** A form's empty choice ("全部年度", "全部单位") is sent as `name=`: the same as not filtering. */
const blankIsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const number = ({ value }: { value: unknown }) => (value === '' || value === undefined ? undefined : Number(value));

/** `?year=&organizationId=&page=` of the public report list page, as its filter form sends them. */
export class PublicPagesQuery {
  @IsOptional()
  @Transform(number)
  @IsInt({ message: 'year 应为年份' })
  @Min(1900, { message: 'year 应为年份' })
  @Max(9999, { message: 'year 应为年份' })
  year?: number;

  @IsOptional()
  @Transform(blankIsAbsent)
  @IsUUID('all', { message: 'organizationId 应为单位编号（UUID）' })
  organizationId?: string;

  @IsOptional()
  @Transform(number)
  @IsInt({ message: 'page 应为正整数' })
  @Min(1, { message: 'page 应为正整数' })
  @Max(100_000, { message: 'page 应为正整数' })
  page?: number;
}
