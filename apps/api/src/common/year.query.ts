import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional } from 'class-validator';
import { PaginationQuery } from './pagination.dto';

/** `?year=&limit=&offset=`, shared by the lists of a year's work. */
export class YearQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: '所报告的年度' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;
}
