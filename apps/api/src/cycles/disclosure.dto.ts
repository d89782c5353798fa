import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Openness, OPENNESS } from '@rol/domain';
import { IsCalendarDate } from '../common/calendar-date.validator';

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
  openness: Openness;

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
