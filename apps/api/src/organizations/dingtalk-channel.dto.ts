import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A DingTalk group robot with 加签 (signed messages). */
export class DingTalkChannelDto {
  @ApiProperty({
    example: 'https://oapi.dingtalk.com/robot/send?access_token=…',
    description: '机器人 Webhook 地址（https；仅本机 127.0.0.1/localhost 可用 http）',
  })
  @IsString({ message: '须填写钉钉机器人的 Webhook 地址' })
  @IsNotEmpty({ message: '须填写钉钉机器人的 Webhook 地址' })
  webhook: string;

  @ApiProperty({ example: 'SEC…', description: '加签密钥，设置后不再显示' })
  @IsString({ message: '须填写钉钉机器人的加签密钥（secret）' })
  @IsNotEmpty({ message: '须填写钉钉机器人的加签密钥（secret）' })
  @MaxLength(256)
  secret: string;
}
