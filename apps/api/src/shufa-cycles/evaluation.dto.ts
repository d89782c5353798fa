import { ApiPropertyOptional } from '@nestjs/swagger';
import { RATINGS } from '@rol/domain';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** A panel member's marks: scores 0–100 or ratings 好/较好/一般/差 per dimension (checked by the domain). */
export class EvaluationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'A score 0–100 per dimension (scale `scores`)',
    example: { 学法用法: 92, 依法决策: 88, 推进法治建设: 90, 述法质量: 85 },
  })
  @IsOptional()
  @IsObject()
  scores?: Record<string, number>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...RATINGS] },
    description: 'A rating per dimension (scale `ratings`)',
    example: { 学法用法: '好', 依法决策: '较好', 推进法治建设: '好', 述法质量: '一般' },
  })
  @IsOptional()
  @IsObject()
  ratings?: Record<string, string>;

  @ApiPropertyOptional({ example: '述法报告全面，建议加强执法监督。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
