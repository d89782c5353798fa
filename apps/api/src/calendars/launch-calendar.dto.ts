import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class LaunchCalendarDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: '只启动该部门（如年度启动后新增的部门）；不填则启动辖区内全部部门',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}
