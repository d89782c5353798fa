import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/calendar-date.validator';

export class MeetingDto {
  @ApiProperty({ example: '局长办公会', description: '审议会议：党委（党组）会议、局长办公会等' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  type: string;

  @ApiProperty({ example: '2027-02-20', format: 'date' })
  @IsCalendarDate()
  date: string;
}
