import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional } from 'class-validator';
import { SHUFA_MODES, ShufaMode } from '@rol/domain';

/** One cycle's mode, panel and dimensions (checked whole by the domain, each field named). */
export class PanelDto {
  @ApiPropertyOptional({ example: [{ userId: '00000000-0000-4000-8000-000000000000', type: 'npc_deputy' }] })
  @IsOptional()
  @IsArray()
  evaluators?: { userId: string; type: string }[];

  @ApiPropertyOptional({ example: [{ name: '学法用法', weight: 1 }] })
  @IsOptional()
  @IsArray()
  dimensions?: { name: string; weight: number }[];

  @ApiPropertyOptional({ enum: SHUFA_MODES })
  @IsOptional()
  @IsIn(SHUFA_MODES)
  mode?: ShufaMode;
}
