import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ description: '当前密码' })
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ minLength: 8, description: '新密码：至少 8 位，含大写、小写、数字、其他符号中的至少 3 类' })
  @IsString()
  @Length(8, 200)
  password: string;
}
