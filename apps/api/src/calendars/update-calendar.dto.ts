import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateCalendarDto } from './create-calendar.dto';

/** The jurisdiction and year are fixed; everything else may change (the result is validated whole). */
export class UpdateCalendarDto extends PartialType(OmitType(CreateCalendarDto, ['jurisdictionId', 'year'] as const), {
  skipNullProperties: false,
}) {}
