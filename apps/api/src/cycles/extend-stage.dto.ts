import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { CALENDAR_STAGES, CalendarStage } from '@rol/domain';

/** Extends one deadline item: a stage, or (report cycles, while collecting) one division's part. */
export class ExtendStageDto {
  @ApiPropertyOptional({ enum: CALENDAR_STAGES, description: '延期的阶段；只给 divisionId 时为材料征集阶段' })
  @ValidateIf((dto: ExtendStageDto) => dto.divisionId === undefined || dto.stage !== undefined)
  @IsIn(CALENDAR_STAGES)
  stage?: CalendarStage;

  @ApiPropertyOptional({ format: 'uuid', description: '只为该处室的材料报送延期（材料征集阶段）' })
  @IsOptional()
  @IsUUID()
  divisionId?: string;

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
