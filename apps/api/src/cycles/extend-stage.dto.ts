import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CALENDAR_STAGES, CalendarStage } from '@rol/domain';

export class ExtendStageDto {
  @ApiProperty({ enum: CALENDAR_STAGES })
  @IsIn(CALENDAR_STAGES)
  stage: CalendarStage;

  @ApiProperty({
    example: '2027-03-05T18:00:00+08:00',
    description: '新的截止时间（带时区），或日期（当日 23:59:59 北京时间）',
  })
  @IsString()
  dueAt: string;

  @ApiProperty({ example: '因机构改革，材料收集延后' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
