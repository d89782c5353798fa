import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID } from 'class-validator';
import {
  CALENDAR_STAGES,
  Escalation,
  ROLLOVER_POLICIES,
  RolloverPolicy,
  SUPPORTED_TIMEZONES,
  SupportedTimezone,
} from '@rol/domain';
import { EscalationView, QuietHoursInput, ShufaSettingsInput } from '../common/settings.view';

/** Shape only; the calendar rules (order, durations, stages) are checked by the domain, naming each field. */
export class CreateCalendarDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  jurisdictionId: string;

  @ApiProperty({ example: 2026, description: '所报告的年度；各流程在次年运行' })
  @IsInt()
  year: number;

  @ApiPropertyOptional({ enum: SUPPORTED_TIMEZONES, default: 'Asia/Shanghai' })
  @IsOptional()
  @IsIn(SUPPORTED_TIMEZONES)
  timezone?: SupportedTimezone;

  @ApiPropertyOptional({ enum: ROLLOVER_POLICIES, default: 'previous-workday' })
  @IsOptional()
  @IsIn(ROLLOVER_POLICIES)
  rollover?: RolloverPolicy;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `各阶段截止时间：${CALENDAR_STAGES.join(', ')}`,
    example: { submission: '2027-02-28T18:00:00+08:00', publication: '2027-03-31' },
  })
  @IsObject()
  due: Record<string, string>;

  @ApiProperty({ example: ['P7D', 'P3D', 'P1D', 'PT0S'] })
  @IsArray()
  reminders: string[];

  @ApiProperty({ type: () => EscalationView, example: { after: 'P1D', every: 'P3D' } })
  @IsObject()
  escalation: Escalation;

  @ApiPropertyOptional({
    type: String,
    example: '2027-01-05T09:00:00+08:00',
    description: '定时启动（工作要点印发）时间：到时由 Temporal Schedule 自动启动全年流程；null 取消',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  launchAt?: string | null;

  @ApiPropertyOptional({
    description:
      '设置定时启动时，若日历涉及尚未导入节假日安排的年度（warnings 中的 HOLIDAYS_UNKNOWN），须为 true：确认知悉该年的截止时间可能落在节假日',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeUnknownHolidays?: boolean;

  @ApiPropertyOptional({
    type: () => ShufaSettingsInput,
    description:
      '述法设置：mode（written 书面 / meeting 会议 / on_site 现场）、panel [{userId, type}]、dimensions [{name, weight}]、scale（{kind: scores} 或 {kind: ratings, coefficients}）、quorum、thresholds {优秀, 良好, 一般}、rectificationReminders；未填的项取默认值',
    example: { mode: 'on_site', quorum: 0.6667, thresholds: { 优秀: 90, 良好: 80, 一般: 60 } },
  })
  @IsOptional()
  @IsObject()
  shufa?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: () => QuietHoursInput,
    description:
      '免打扰时段：提醒与督办只在工作日（含调休上班日）的办公时间内发出，落在其外的顺延至下一个办公时段开始；截止时间不变。默认开启，09:00–17:30（北京时间）',
    example: { enabled: true, from: '09:00', to: '17:30' },
  })
  @IsOptional()
  @IsObject()
  quietHours?: Record<string, unknown>;
}
