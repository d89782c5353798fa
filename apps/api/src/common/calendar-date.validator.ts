import { ValidateBy, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@rol/domain';

/** A real calendar date "YYYY-MM-DD": 2026-02-30, 2026-13-45 and 0000-00-00 are refused. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value) && value >= '1900-01-01',
        defaultMessage: (args) => `${args?.property ?? '日期'} 应为真实存在的日期（YYYY-MM-DD）`,
      },
    },
    options,
  );
}
