import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../common/calendar-date.validator';

export class InquiryDto {
  @ApiProperty({ example: '区人大代表 王某' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  by: string;

  @ApiProperty({ example: '行政复议纠错率偏高的原因是什么？' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  question: string;

  @ApiProperty({ example: '主要是基层执法程序不规范，已开展专项整治。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  answer: string;
}

/** The 述法 meeting (会议述法, 现场述法): date, place, 点评 and each 质询 with its answer. */
export class ShufaMeetingDto {
  @ApiProperty({ example: '2027-03-10', format: 'date' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: '区政府第一会议室' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiProperty({ example: ['述法内容全面，问题查摆深入。'], description: '点评意见' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(5000, { each: true })
  comments: string[];

  @ApiProperty({ type: [InquiryDto], description: '质询：谁问了什么、如何回答' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InquiryDto)
  questions: InquiryDto[];
}
