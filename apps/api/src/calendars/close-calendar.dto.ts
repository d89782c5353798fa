import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CloseCalendarDto {
  @ApiProperty({
    description: '关闭年度的原因；仍在进行中的流程随之结束，并记入每个流程的审计记录',
    example: '2026年度考核已完成，年度归档',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
