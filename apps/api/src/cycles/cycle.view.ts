import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CYCLE_KINDS, CycleKind, SHUFA_MODES, ShufaMode } from '@rol/domain';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** One stage of a cycle: due, started, ended, and how late. */
export class CycleStageView {
  @ApiProperty() stage: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: string | null;
  @ApiProperty({ description: 'Its due date was extended' }) extended: boolean;
  @ApiPropertyOptional({ description: 'ISO-8601 duration it is or was late by, when late', example: 'P2DT3H' })
  overdueBy?: string;
}

export class ReminderInstantView {
  @ApiProperty({ description: 'ISO-8601 duration before the due date', example: 'P3D' }) offset: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at: string | null;
}

export class EscalationInstantView {
  @ApiProperty() round: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at: string | null;
}

/** An open deadline item (the stage, or a division's part) and what is still to fire. */
export class DeadlineView {
  @ApiProperty({ ...OBJECT, description: 'The stage `{kind: stage, stage}`, or a division’s part' }) item: object;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) overdueSince: string | null;
  @ApiProperty({ type: () => ReminderInstantView, isArray: true }) reminders: ReminderInstantView[];
  @ApiProperty({ type: () => EscalationInstantView }) nextEscalation: EscalationInstantView;
}

export class RectificationItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ description: 'open, done or verified' }) status: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The cycle of an earlier year it was carried from' })
  carriedFrom: string | null;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Its steps, each with `at`' }) history: object[];
}

/** Beside a 述法: the department's report of the same year and its 第一责任人 section. */
export class DepartmentReportView {
  @ApiProperty() cycleId: string;
  @ApiProperty() stage: string;
  @ApiProperty({ type: Number, nullable: true }) draftVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) firstResponsible: string | null;
}

/** A cycle as the API answers it (CycleService.view); a 述法 adds its own part. */
export class CycleView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CYCLE_KINDS }) kind: CycleKind;
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty() calendarRevision: number;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) jurisdictionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leaderId: string | null;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'The current stage, or completed / cancelled' }) stage: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'Times it was sent back to drafting (writing, for a 述法)' }) rework: number;
  @ApiProperty({ type: () => CycleStageView, isArray: true }) stages: CycleStageView[];
  @ApiProperty({ type: [String], description: 'Reminder offsets before each due date (ISO-8601 durations)' })
  reminders: string[];
  @ApiProperty({ ...OBJECT, description: 'The escalation settings the cycle runs by' }) escalation: object;
  @ApiProperty({ type: () => DeadlineView, isArray: true }) deadlines: DeadlineView[];
  @ApiProperty({ type: Number, nullable: true }) currentDraftVersion: number | null;
  @ApiPropertyOptional({ enum: SHUFA_MODES, description: '述法: how it is held' }) mode?: ShufaMode;
  @ApiPropertyOptional({ type: 'array', items: OBJECT, description: '述法: the evaluators' }) panel?: object[];
  @ApiPropertyOptional({ type: 'array', items: OBJECT, description: '述法: the scoring dimensions and weights' })
  dimensions?: object[];
  @ApiPropertyOptional({ ...OBJECT, description: '述法: `{kind: scores}` or `{kind: ratings, coefficients}`' })
  scale?: object;
  @ApiPropertyOptional({ description: '述法: how many have scored' }) scored?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) evaluationClosedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) grade?: string | null;
  @ApiPropertyOptional({ ...OBJECT, nullable: true, description: '述法: the result, once the evaluation closed' })
  result?: object | null;
  @ApiPropertyOptional({ ...OBJECT, nullable: true, description: '述法: the meeting record' }) meeting?: object | null;
  @ApiPropertyOptional({ type: () => RectificationItemView, isArray: true })
  rectificationItems?: RectificationItemView[];
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A division's part of its department's report (材料征集). */
export class ContributionView {
  @ApiProperty({ format: 'uuid' }) divisionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: not handed in yet' })
  handedInAt: string | null;
  @ApiProperty({ description: 'Handed in after its due instant' }) late: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Who handed it in' }) by: string | null;
  @ApiProperty({ type: String, nullable: true }) content: string | null;
}

/** What a report's publication recorded (政府信息公开), with the 索引号 it was given. */
export class PublicationView {
  @ApiProperty({ description: '索引号', example: '11310118002425099T/2027-00001' }) indexNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '发文机关' }) issuer: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '文号' }) documentNumber?: string | null;
  @ApiProperty({ format: 'date', description: '成文日期' }) signedDate: string;
  @ApiProperty({ format: 'date', description: '发布日期' }) publishedDate: string;
  @ApiProperty({ description: '主题分类' }) topic: string;
  @ApiProperty({ description: '公开属性' }) openness: string;
  @ApiPropertyOptional({ type: String, nullable: true }) opennessReason?: string | null;
  @ApiProperty({ description: '有效性' }) validity: string;
  @ApiProperty({ description: '内容概述' }) summary: string;
  @ApiProperty({ description: 'The draft version published' }) draftVersion: number;
}

/** GET of one cycle: a report also shows its divisions' parts and its publication; a 述法 its department's report. */
export class CycleDetailView extends CycleView {
  @ApiPropertyOptional({ type: () => DepartmentReportView, nullable: true, description: '述法 only' })
  report?: DepartmentReportView | null;
  @ApiPropertyOptional({ type: () => ContributionView, isArray: true, description: 'Report only' })
  contributions?: ContributionView[];
  @ApiPropertyOptional({ type: () => PublicationView, nullable: true, description: 'Report only' })
  publication?: PublicationView | null;
}

export class CyclePage {
  @ApiProperty({ type: () => CycleView, isArray: true }) items: CycleView[];
  @ApiProperty() total: number;
}

export class AuditActorView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
  @ApiProperty() label: string;
}

export class CycleAuditEntryView {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: () => AuditActorView }) actor: AuditActorView;
  @ApiProperty() action: string;
  @ApiProperty({ ...OBJECT, nullable: true }) before: object | null;
  @ApiProperty({ ...OBJECT, nullable: true }) after: object | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class LateStageView {
  @ApiProperty() stage: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ example: 'P1DT2H' }) overdueBy: string;
}

/** The cycle's audit trail, oldest first, and how late each stage was. */
export class CycleAuditPage {
  @ApiProperty({ type: () => CycleAuditEntryView, isArray: true }) items: CycleAuditEntryView[];
  @ApiProperty() total: number;
  @ApiProperty({ type: () => LateStageView, isArray: true }) overdue: LateStageView[];
}

export class FoundSectionView {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'The heading line as written' }) heading: string;
  @ApiProperty({ description: '1-based line number' }) line: number;
}

export class MissingSectionView {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'The required part, named' }) title: string;
}

/** What a text was found to hold and to lack (a report's sections, a 述法 report's topics). */
export class SectionCheckView {
  @ApiProperty({ type: () => FoundSectionView, isArray: true }) found: FoundSectionView[];
  @ApiProperty({ type: () => MissingSectionView, isArray: true }) missing: MissingSectionView[];
}

const CHECK = {
  type: () => SectionCheckView,
  description: 'The check of the text: `missing` names each required part absent',
};

/** A report draft stored: its version and the section check. */
export class DraftAddedView {
  @ApiProperty() version: number;
  @ApiProperty(CHECK) sectionCheck: SectionCheckView;
}

export class DraftSummaryView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty(CHECK) sectionCheck: SectionCheckView;
}

export class DraftPage {
  @ApiProperty({ type: () => DraftSummaryView, isArray: true }) items: DraftSummaryView[];
  @ApiProperty() total: number;
}

export class DraftView {
  @ApiProperty() version: number;
  @ApiProperty() content: string;
  @ApiProperty(CHECK) sectionCheck: SectionCheckView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A 述法 report stored: its version and the content check. */
export class ShufaReportAddedView {
  @ApiProperty() version: number;
  @ApiProperty(CHECK) contentCheck: SectionCheckView;
}

export class ShufaReportSummaryView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty(CHECK) contentCheck: SectionCheckView;
}

export class ShufaReportPage {
  @ApiProperty({ type: () => ShufaReportSummaryView, isArray: true }) items: ShufaReportSummaryView[];
  @ApiProperty() total: number;
}

export class ShufaReportView {
  @ApiProperty() version: number;
  @ApiProperty() content: string;
  @ApiProperty(CHECK) contentCheck: SectionCheckView;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The marks: after the evaluation closed, the result; before, the count and the caller's own marks. */
export class EvaluationsView {
  @ApiProperty() closed: boolean;
  @ApiProperty() scored: number;
  @ApiProperty({ description: 'Panel size' }) of: number;
  @ApiPropertyOptional({ ...OBJECT, nullable: true, description: 'Before closing: the caller’s own marks' })
  own?: object | null;
  @ApiProperty({ ...OBJECT, nullable: true }) result: object | null;
  @ApiProperty({ ...OBJECT, nullable: true }) meeting: object | null;
}
