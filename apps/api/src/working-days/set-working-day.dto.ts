import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class SetWorkingDayDto {
  @ApiProperty({ description: 'true: 上班（含调休上班）；false: 放假。辖区自有的日子只能是放假日' })
  @IsBoolean()
  working: boolean;

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: '只为该辖区增加放假日（如地方性节日），仅适用于该辖区的日历；不填则修改全国工作日数据',
  })
  @IsOptional()
  @IsUUID()
  jurisdictionId?: string;
}
