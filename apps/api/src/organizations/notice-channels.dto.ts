import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { DingTalkChannelDto } from './dingtalk-channel.dto';
import { WeComChannelDto } from './wecom-channel.dto';

const present = (_: unknown, value: unknown) => value !== null && value !== undefined;

/** The whole set of an organisation's channels: what is absent or null is not (or no longer) set. */
export class NoticeChannelsDto {
  @ApiPropertyOptional({
    type: String,
    example: 'bgs@qp.example.gov.cn',
    nullable: true,
    description: '单位邮箱，另收一份提醒与督办',
  })
  @ValidateIf(present)
  @IsEmail({}, { message: '不是有效的电子邮箱地址' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: DingTalkChannelDto, nullable: true })
  @ValidateIf(present)
  @IsObject({ message: '须为 {webhook, secret}' })
  @ValidateNested()
  @Type(() => DingTalkChannelDto)
  dingtalk?: DingTalkChannelDto | null;

  @ApiPropertyOptional({ type: WeComChannelDto, nullable: true })
  @ValidateIf(present)
  @IsObject({ message: '须为 {webhook}' })
  @ValidateNested()
  @Type(() => WeComChannelDto)
  wecom?: WeComChannelDto | null;
}
