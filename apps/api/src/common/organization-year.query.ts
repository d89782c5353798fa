import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { YearQuery } from './year.query';

/** `?year=&organizationId=&limit=&offset=`. */
export class OrganizationYearQuery extends YearQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}
