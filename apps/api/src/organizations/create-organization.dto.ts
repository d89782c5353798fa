import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ORGANIZATION_KINDS, OrganizationKind } from '@rol/domain';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'qp-yjj', description: '单位代码，用于流程标识（字母、数字、-、_）' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'code 只能包含字母、数字、- 和 _，且以字母或数字开头' })
  code: string;

  @ApiProperty({ example: '上海市青浦区应急管理局' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '上级主管部门' })
  @IsOptional()
  @IsUUID()
  upperDepartmentId?: string;

  @ApiPropertyOptional({ example: '11310118MB2F53979J', description: '统一社会信用代码' })
  @IsOptional()
  @IsString()
  creditCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '主要负责人（具有 leader 角色的用户）' })
  @IsOptional()
  @IsUUID()
  principalLeaderId?: string;
}
