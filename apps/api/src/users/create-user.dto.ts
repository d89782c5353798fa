import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { Role, ROLES } from '@rol/domain';

export class CreateUserDto {
  @ApiProperty({ example: '张明' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'zhangming@qp.example.gov.cn' })
  @IsEmail()
  email: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 200)
  password: string;

  @ApiPropertyOptional({ format: 'uuid', description: '不填则为全系统账号（仅系统管理员可创建）' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];
}
