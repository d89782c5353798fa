import { IsEmail, IsInt, IsString, Max, MaxLength } from 'class-validator';
import { ValidationFailedError } from '@rol/domain';
import { createValidationPipe } from './validation';

class Sample {
  @IsEmail()
  email: string;

  @IsInt()
  @Max(200)
  limit: number;

  @IsString()
  @MaxLength(5, { message: '名称不能超过 5 个字' })
  name: string;
}

async function problems(body: unknown) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Sample });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.details;
    throw error;
  }
  throw new Error('accepted');
}

describe('validation messages', () => {
  it('tells class-validator’s default rules in Chinese, keeping the bound, and leaves messages of our own alone', async () => {
    const details = await problems({ email: 'not-an-email', limit: 500, name: '青浦区应急管理局' });
    expect(details).toEqual({
      fields: [
        { field: 'email', problems: ['须为有效的电子邮箱地址'] },
        { field: 'limit', problems: ['不能大于 200'] },
        { field: 'name', problems: ['名称不能超过 5 个字'] },
      ],
    });
  });
});
