import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CALENDAR_STAGES, CalendarStage } from '@rol/domain';
import { IsCalendarDate } from '../common/calendar-date.validator';

export class MeetingDto {
  @ApiProperty({ example: '局长办公会', description: '审议会议：党委（党组）会议、局长办公会等' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  type: string;

  @ApiProperty({ example: '2027-02-20', format: 'date' })
  @IsCalendarDate()
  date: string;
}

export const OPENNESS = ['主动公开', '依申请公开', '不予公开'] as const;

/** 政府信息公开 metadata of the published report (DOMAIN.md). */
export class DisclosureDto {
  @ApiPropertyOptional({ description: '索引号（统一社会信用代码/YYYY-NNNNN）；不填则自动生成' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{18}\/\d{4}-\d{5}$/, { message: 'indexNumber 应为 统一社会信用代码/YYYY-NNNNN' })
  indexNumber?: string;

  @ApiProperty({ example: '青浦区应急管理局2026年法治政府建设年度报告' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '上海市青浦区应急管理局', description: '发文机关' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  issuer: string;

  @ApiPropertyOptional({ description: '文号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentNumber?: string;

  @ApiProperty({ example: '2027-02-25', description: '成文日期', format: 'date' })
  @IsCalendarDate()
  signedDate: string;

  @ApiPropertyOptional({ description: '发布日期，默认当天', format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  publishedDate?: string;

  @ApiProperty({ example: '综合政务/法治政府', description: '主题分类' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  topic: string;

  @ApiProperty({ enum: OPENNESS, description: '公开属性' })
  @IsIn(OPENNESS)
  openness: (typeof OPENNESS)[number];

  @ApiPropertyOptional({ description: '依申请公开、不予公开时必填的理由' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  opennessReason?: string;

  @ApiProperty({ example: '有效', description: '有效性' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  validity: string;

  @ApiProperty({ description: '内容概述，不超过100字' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  summary: string;
}

/** What ending the open stage needs depends on the stage; the service checks what is required. */
export class AdvanceStageDto {
  @ApiPropertyOptional({
    enum: CALENDAR_STAGES,
    description: '要办结的阶段；填写后，若流程已不在该阶段则返回 409（已办结：CONFLICT，其他：STAGE_MISMATCH）',
  })
  @IsOptional()
  @IsIn(CALENDAR_STAGES)
  stage?: CalendarStage;

  @ApiPropertyOptional({ description: '意见或说明；合法性审查时为审查意见（必填）' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ type: MeetingDto, description: '领导审签：审议会议（必填）' })
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

  @ApiPropertyOptional({ type: DisclosureDto, description: '公开发布：公开信息（必填）' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DisclosureDto)
  disclosure?: DisclosureDto;
}

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

export class ContributionDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'divisionId 应为 UUID' })
  divisionId: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  content: string;
}

/** The longest text any request carries (a whole report); the JSON body limit is derived from it. */
export const DRAFT_MAX_LENGTH = 500_000;

export class DraftDto {
  @ApiProperty({ description: '报告全文' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DRAFT_MAX_LENGTH)
  content: string;
}

export class CancelCycleDto {
  @ApiProperty({ example: '机构改革，该部门已撤并' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
