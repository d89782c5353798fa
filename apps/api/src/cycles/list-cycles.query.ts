import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID } from 'class-validator';
import { CALENDAR_STAGES, COMPLETED, CANCELLED } from '@rol/domain';
import { PaginationQuery } from '../common/pagination.dto';

export const LISTED_STAGES = [...CALENDAR_STAGES, COMPLETED, CANCELLED] as const;

export class ListCyclesQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: '所报告的年度' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: LISTED_STAGES })
  @IsOptional()
  @IsIn(LISTED_STAGES)
  stage?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}
