import { ApiProperty } from '@nestjs/swagger';
import { ORGANIZATION_KINDS, OrganizationKind } from '@rol/domain';
import { pageOf } from '../common/api-docs';

/** An organisation (organizationView). */
export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) upperDepartmentId: string | null;
  @ApiProperty({ type: String, nullable: true, description: '统一社会信用代码' }) creditCode: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) principalLeaderId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const OrganizationPage = pageOf(OrganizationView);

export class DingtalkChannelView {
  @ApiProperty({ description: 'The robot webhook, its token masked' }) webhook: string;
  @ApiProperty({ enum: [true], description: 'The signing secret is set (never shown)' }) secretSet: true;
}

export class WecomChannelView {
  @ApiProperty({ description: 'The robot webhook, its key masked' }) webhook: string;
}

/** An organisation's notice channels (noticeChannelsView): tokens masked, secrets never shown. */
export class NoticeChannelsView {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: () => DingtalkChannelView, nullable: true }) dingtalk: DingtalkChannelView | null;
  @ApiProperty({ type: () => WecomChannelView, nullable: true }) wecom: WecomChannelView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}
