import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';

export class LaunchCalendarDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: '只启动该部门（如年度启动后新增的部门）；不填则启动辖区内全部部门',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({
    description:
      '日历涉及尚未导入节假日安排的年度（warnings 中的 HOLIDAYS_UNKNOWN）时，须为 true 才能启动：确认知悉该年的截止时间可能落在节假日',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeUnknownHolidays?: boolean;
}
