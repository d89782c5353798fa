import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPENNESS, Openness } from '@rol/domain';
import { pageOf } from '../common/api-docs';

/** A published report with its disclosure form (PublicReportService). */
export class PublicReportView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty() year: number;
  @ApiProperty({ description: '索引号' }) indexNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '发布机构' }) issuer: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '文号' }) documentNumber?: string | null;
  @ApiProperty({ format: 'date' }) signedDate: string;
  @ApiProperty({ format: 'date' }) publishedDate: string;
  @ApiProperty({ description: '主题分类' }) topic: string;
  @ApiProperty({ enum: OPENNESS }) openness: Openness;
  @ApiPropertyOptional({ type: String, nullable: true }) opennessReason?: string | null;
  @ApiProperty({ description: '有效性' }) validity: string;
  @ApiProperty() summary: string;
}

export const PublicReportPage = pageOf(PublicReportView);

/** One published report with its text. */
export class PublicReportWithContentView extends PublicReportView {
  @ApiProperty({ type: String, nullable: true }) content: string | null;
}
