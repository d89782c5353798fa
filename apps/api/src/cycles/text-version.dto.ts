import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The longest text any request carries (a whole report); the JSON body limit is derived from it. */
export const DRAFT_MAX_LENGTH = 500_000;

/** A new version of a cycle's text: the report's draft, or the leader's 述法 report. */
export class TextVersionDto {
  @ApiProperty({ description: '全文' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DRAFT_MAX_LENGTH)
  content: string;
}
