import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CALENDAR_STAGES, CalendarStage } from '@rol/domain';

export class RejectStageDto {
  @ApiPropertyOptional({ enum: CALENDAR_STAGES, description: '要退回的阶段（可选，含义同 advance）' })
  @IsOptional()
  @IsIn(CALENDAR_STAGES)
  stage?: CalendarStage;

  @ApiProperty({ example: '第三部分未写明主要负责人履职情况，请补充' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}
