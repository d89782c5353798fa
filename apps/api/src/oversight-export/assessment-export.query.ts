import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?year=&jurisdictionId=&format=csv|xlsx`: every parameter is required. */
export class AssessmentExportQuery {
  @ApiProperty({ example: 2026, description: '所报告的年度' })
  @Type(() => Number)
  @IsInt({ message: 'year 必须是年份（整数）' })
  @Min(2000, { message: 'year 不能早于 2000 年' })
  @Max(2999, { message: 'year 不能晚于 2999 年' })
  year: number;

  @ApiProperty({ format: 'uuid', description: '辖区；其下级辖区的部门一并导出' })
  @IsUUID('all', { message: 'jurisdictionId 必须是辖区的 id' })
  jurisdictionId: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: 'format 只能是 csv 或 xlsx' })
  format: ExportFormat;
}
