import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** `?year=&jurisdictionId=`: both required. */
export class DashboardQuery {
  @ApiProperty({ example: 2026, description: '所报告的年度' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ format: 'uuid', description: '辖区（含其下级辖区）' })
  @IsUUID()
  jurisdictionId: string;
}
