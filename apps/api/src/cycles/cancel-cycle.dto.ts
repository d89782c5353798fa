import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CancelCycleDto {
  @ApiProperty({ example: '机构改革，该部门已撤并' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
