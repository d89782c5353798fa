import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** An item of the 问题清单. */
export class RectificationItemDto {
  @ApiProperty({ example: '重大行政决策合法性审查记录不完整' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description: string;

  @ApiProperty({
    example: '2027-06-30T18:00:00+08:00',
    description: '整改期限（带时区），或日期（当日 23:59:59 北京时间）',
  })
  @IsString()
  dueAt: string;
}

/** The leader reports an item fixed. */
export class RectificationDoneDto {
  @ApiProperty({ example: '已补齐近三年重大决策的合法性审查记录，并建立台账。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  comment: string;

  @ApiPropertyOptional({ example: '《重大行政决策合法性审查台账》（2027年版）' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  evidence?: string;
}

/** The office sends an item back to be fixed again. */
export class RectificationReopenDto {
  @ApiProperty({ example: '台账未覆盖2025年的决策事项' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
