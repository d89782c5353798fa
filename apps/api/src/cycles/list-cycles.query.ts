import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CALENDAR_STAGES, COMPLETED, CANCELLED } from '@rol/domain';
import { OrganizationYearQuery } from '../common/organization-year.query';

export const LISTED_STAGES = [...CALENDAR_STAGES, COMPLETED, CANCELLED] as const;

export class ListCyclesQuery extends OrganizationYearQuery {
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
