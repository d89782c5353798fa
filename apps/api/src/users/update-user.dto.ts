import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { CreateUserDto } from './create-user.dto';

/** A user may change his own name and password; everything else is for an administrator. */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const), {
  // null is not "absent": it must fail validation, not reach the service.
  skipNullProperties: false,
}) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: '修改本人密码时必填：当前密码（管理员重置他人密码时不需要）' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  currentPassword?: string;
}
