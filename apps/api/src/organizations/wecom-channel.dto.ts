import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** A WeCom (企业微信) group robot: its webhook carries its key. */
export class WeComChannelDto {
  @ApiProperty({
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    description: '机器人 Webhook 地址（https；仅本机 127.0.0.1/localhost 可用 http）',
  })
  @IsString({ message: '须填写企业微信机器人的 Webhook 地址' })
  @IsNotEmpty({ message: '须填写企业微信机器人的 Webhook 地址' })
  webhook: string;
}
