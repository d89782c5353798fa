import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CALENDAR_STAGES, CalendarStage, STAGE_LABELS } from '@rol/domain';
import { DisclosureDto } from './disclosure.dto';
import { MeetingDto } from './meeting.dto';

/** What ending the open stage needs depends on the stage; the service checks what is required. */
export class AdvanceStageDto {
  @ApiPropertyOptional({
    enum: CALENDAR_STAGES,
    description: '要办结的阶段；填写后，若流程已不在该阶段则返回 409（已办结：CONFLICT，其他：STAGE_MISMATCH）',
  })
  @IsOptional()
  @IsIn(CALENDAR_STAGES)
  stage?: CalendarStage;

  @ApiPropertyOptional({ description: `意见或说明；${STAGE_LABELS.legality_review}时为审查意见（必填）` })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ type: MeetingDto, description: `${STAGE_LABELS.sign_off}：审议会议（必填）` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeetingDto)
  meeting?: MeetingDto;

  @ApiPropertyOptional({ example: ['中共青浦区委', '青浦区人民政府', '上海市应急管理局', '青浦区委依法治区办'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ type: DisclosureDto, description: `${STAGE_LABELS.publication}：公开信息（必填）` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DisclosureDto)
  disclosure?: DisclosureDto;
}
