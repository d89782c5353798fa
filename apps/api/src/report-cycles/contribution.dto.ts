import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class ContributionDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'divisionId 应为 UUID' })
  divisionId: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  content: string;
}
