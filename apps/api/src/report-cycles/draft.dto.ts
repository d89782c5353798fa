import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The longest text any request carries (a whole report); the JSON body limit is derived from it. */
export const DRAFT_MAX_LENGTH = 500_000;

export class DraftDto {
  @ApiProperty({ description: '报告全文' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DRAFT_MAX_LENGTH)
  content: string;
}
