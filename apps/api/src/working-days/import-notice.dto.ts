import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** The text of a State Council holiday notice, as published. */
export class ImportNoticeDto {
  @ApiProperty({ example: 2027, description: '通知安排的年度' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ description: '国务院办公厅关于XXXX年部分节假日安排的通知全文' })
  @IsString()
  @Length(1, 20_000)
  text: string;

  @ApiPropertyOptional({ description: 'true：只解析并返回结果，不保存' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
