import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class SetWorkingDayDto {
  @ApiProperty({ description: 'true: 上班（含调休上班）；false: 放假' })
  @IsBoolean()
  working: boolean;

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;
}
