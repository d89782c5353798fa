import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { EVALUATOR_TYPES, EvaluatorType, SHUFA_MODES, ShufaMode } from '@rol/domain';

export class PanelMemberDto {
  @ApiProperty({ format: 'uuid', description: '评议人（本辖区具有 evaluator 角色的用户）' })
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: EVALUATOR_TYPES, description: '人大代表、政协委员、法律顾问、群众代表、依法治办' })
  @IsIn(EVALUATOR_TYPES)
  type: EvaluatorType;
}

export class DimensionDto {
  @ApiProperty({ example: '学法用法' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  name: string;

  @ApiProperty({ example: 1 })
  @IsNumber()
  weight: number;
}

/** One cycle's mode, panel and dimensions (checked whole by the domain, each field named). */
export class PanelDto {
  @ApiPropertyOptional({ type: [PanelMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PanelMemberDto)
  evaluators?: PanelMemberDto[];

  @ApiPropertyOptional({ type: [DimensionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DimensionDto)
  dimensions?: DimensionDto[];

  @ApiPropertyOptional({ enum: SHUFA_MODES })
  @IsOptional()
  @IsIn(SHUFA_MODES)
  mode?: ShufaMode;
}
