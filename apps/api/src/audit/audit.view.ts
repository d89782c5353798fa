import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { pageOf } from '../common/api-docs';

const OPEN_RECORD = { type: 'object', additionalProperties: true, nullable: true } as const;

/** One row of the audit log, as stored (AuditLogEntity). */
export class AuditLogView {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty() actorLabel: string;
  @ApiProperty() action: string;
  @ApiProperty() subjectType: string;
  @ApiProperty() subjectId: string;
  // Open-ended by nature: each action records what it changed, in its own shape.
  @ApiProperty({ ...OPEN_RECORD, description: 'What the action changed, as it was: its shape differs per action' })
  before: Record<string, unknown> | null;
  @ApiProperty({ ...OPEN_RECORD, description: 'What the action changed, as it became: its shape differs per action' })
  after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export const AuditLogPage = pageOf(AuditLogView);

export class BrokenAuditRowView {
  @ApiProperty() id: number;
  @ApiProperty() problem: string;
}

/** The hash chain recomputed (verifyAuditChain). */
export class AuditVerificationView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Rows checked' }) checked: number;
  @ApiPropertyOptional({ description: 'The first row altered, removed or inserted' }) firstBrokenId?: number;
  @ApiPropertyOptional() problem?: string;
  @ApiPropertyOptional() brokenCount?: number;
  @ApiPropertyOptional({ type: () => BrokenAuditRowView, isArray: true }) broken?: BrokenAuditRowView[];
}
