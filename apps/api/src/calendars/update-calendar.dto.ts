import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CreateCalendarDto } from './create-calendar.dto';

/** The jurisdiction and year are fixed; everything else may change (the result is validated whole). */
export class UpdateCalendarDto extends PartialType(OmitType(CreateCalendarDto, ['jurisdictionId', 'year'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    description: '修改原因；日历已启动时必填，并记入每个受影响流程的审计记录',
    example: '国务院办公厅节假日安排调整',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
