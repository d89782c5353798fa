import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  CALENDAR_STAGES,
  CalendarStage,
  CYCLE_KINDS,
  CycleKind,
  Grade,
  GRADES,
  Rating,
  RATINGS,
  SHUFA_MODES,
  ShufaMode,
} from '@rol/domain';
import {
  DimensionView,
  EscalationView,
  PanelMemberView,
  RatingsScaleView,
  SCALE_SCHEMA,
  ScoresScaleView,
} from '../common/settings.view';

/** Who did something: a user (id) or the system, and how to name them. */
export class AuditActorView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: the system' }) id: string | null;
  @ApiProperty() label: string;
}

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

/** The stage itself: its step (advance, reject, a draft). */
export class StageItemView {
  @ApiProperty({ enum: ['stage'] }) kind: 'stage';
  @ApiProperty({ enum: CALENDAR_STAGES }) stage: CalendarStage;
}

/** A division's part of the material, in the contributions stage. */
export class ContributionItemView {
  @ApiProperty({ enum: ['contribution'] }) kind: 'contribution';
  @ApiProperty({ format: 'uuid' }) divisionId: string;
}

/** The panel's marks, in a 述法 cycle's evaluation stage. */
export class EvaluationItemView {
  @ApiProperty({ enum: ['evaluation'] }) kind: 'evaluation';
}

/** One item of a 述法 cycle's 问题清单, with its own due date. */
export class RectificationDeadlineItemView {
  @ApiProperty({ enum: ['rectification'] }) kind: 'rectification';
  @ApiProperty({ format: 'uuid' }) itemId: string;
}

/** An open deadline item (the stage, or a division's part) and what is still to fire. */
@ApiExtraModels(StageItemView, ContributionItemView, EvaluationItemView, RectificationDeadlineItemView)
export class DeadlineView {
  @ApiProperty({
    oneOf: [StageItemView, ContributionItemView, EvaluationItemView, RectificationDeadlineItemView].map((c) => ({
      $ref: getSchemaPath(c),
    })),
    description: 'What is due, by `kind`: the stage, a division’s part, the panel’s marks, or a rectification item',
  })
  item: StageItemView | ContributionItemView | EvaluationItemView | RectificationDeadlineItemView;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) overdueSince: string | null;
  @ApiProperty({ type: () => ReminderInstantView, isArray: true }) reminders: ReminderInstantView[];
  @ApiProperty({ type: () => EscalationInstantView }) nextEscalation: EscalationInstantView;
}

/** What happened to a rectification item; its history travels with it into the next year. */
export class RectificationEventView {
  @ApiProperty({ enum: ['issued', 'done', 'reopened', 'verified', 'carried'] })
  action: 'issued' | 'done' | 'reopened' | 'verified' | 'carried';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at: string | null;
  @ApiProperty({ type: () => AuditActorView, nullable: true }) by: AuditActorView | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'What shows it was fixed' })
  evidence?: string | null;
}

/** The leader's 述法 cycle of an earlier year an item was carried from. */
export class CarriedFromView {
  @ApiProperty() cycleId: string;
  @ApiProperty() year: number;
}

export class RectificationItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ enum: ['open', 'done', 'verified'], description: 'done: reported fixed, awaiting verification' })
  status: 'open' | 'done' | 'verified';
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: () => CarriedFromView, nullable: true, description: 'Carried over from an earlier year' })
  carriedFrom: CarriedFromView | null;
  @ApiProperty({ type: () => RectificationEventView, isArray: true, description: 'Its steps, oldest first' })
  history: RectificationEventView[];
}

/** Scores 0–100 per dimension (keyed by dimension name). */
export class ScoreMarksView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Per dimension name' })
  scores: Record<string, number>;
}

/** A rating per dimension (keyed by dimension name). */
export class RatingMarksView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...RATINGS] } })
  ratings: Record<string, Rating>;
}

/** What one evaluator gave, and when. */
@ApiExtraModels(ScoreMarksView, RatingMarksView)
export class EvaluationView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(ScoreMarksView) }, { $ref: getSchemaPath(RatingMarksView) }],
    description: 'Scores or ratings, by the cycle’s scale',
  })
  marks: ScoreMarksView | RatingMarksView;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ description: 'When, in milliseconds since the epoch' }) at: number;
}

/** One evaluator's own score (weighted mean over the dimensions). */
export class EvaluatorScoreView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() score: number;
  @ApiProperty({ description: 'False: dropped as an extreme (with 5 or more evaluators)' }) counted: boolean;
}

/** The panel's result, once the evaluation closed, with every evaluator's marks. */
export class ShufaResultView {
  @ApiProperty({ type: Number, nullable: true, description: 'Mean over the counted evaluators; null: nobody scored' })
  score: number | null;
  @ApiProperty({ enum: GRADES, nullable: true, description: 'Null below the quorum, or when nobody scored' })
  grade: Grade | null;
  @ApiProperty({ description: '评议人数不足: fewer scored than the quorum asks for' }) insufficient: boolean;
  @ApiProperty() panelSize: number;
  @ApiProperty({ description: 'How many must score for a grade' }) quorumNeeded: number;
  @ApiProperty({ type: () => EvaluatorScoreView, isArray: true, description: 'In the order they scored' })
  evaluators: EvaluatorScoreView[];
  @ApiProperty({ type: [String], description: 'Panel members (user ids) who did not score by the close' })
  missing: string[];
  @ApiProperty({ type: () => EvaluationView, isArray: true }) marks: EvaluationView[];
}

/** A 质询 at the meeting, and its answer. */
export class MeetingQuestionView {
  @ApiProperty({ description: 'Who asked' }) by: string;
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
}

/** 会议述法 / 现场述法's record: when and where, the 点评, and each 质询 with its answer. */
export class MeetingView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: String, nullable: true }) place: string | null;
  @ApiProperty({ type: [String], description: '点评' }) comments: string[];
  @ApiProperty({ type: () => MeetingQuestionView, isArray: true }) questions: MeetingQuestionView[];
  @ApiProperty({ type: () => AuditActorView }) recordedBy: AuditActorView;
  @ApiProperty({ description: 'When it was recorded, in milliseconds since the epoch' }) at: number;
}

/** A section of a report's text: its heading line and the text under it. */
export class ReportSectionView {
  @ApiProperty({ description: 'The heading line as written' }) heading: string;
  @ApiProperty() text: string;
}

/** Beside a 述法: the department's report of the same year and its 第一责任人 section. */
export class DepartmentReportView {
  @ApiProperty() cycleId: string;
  @ApiProperty() stage: string;
  @ApiProperty({ type: Number, nullable: true }) draftVersion: number | null;
  @ApiProperty({
    type: () => ReportSectionView,
    nullable: true,
    description: 'Its 第一责任人 section, as the latest draft has it (null: no draft, or the section is missing)',
  })
  firstResponsible: ReportSectionView | null;
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
  @ApiProperty({ type: () => EscalationView, description: 'The escalation settings the cycle runs by' })
  escalation: EscalationView;
  @ApiProperty({ type: () => DeadlineView, isArray: true }) deadlines: DeadlineView[];
  @ApiProperty({ type: Number, nullable: true }) currentDraftVersion: number | null;
  @ApiPropertyOptional({ enum: SHUFA_MODES, description: '述法: how it is held' }) mode?: ShufaMode;
  @ApiPropertyOptional({ type: () => PanelMemberView, isArray: true, description: '述法: the evaluators' })
  panel?: PanelMemberView[];
  @ApiPropertyOptional({ type: () => DimensionView, isArray: true, description: '述法: the dimensions and weights' })
  dimensions?: DimensionView[];
  @ApiPropertyOptional({ ...SCALE_SCHEMA, description: '述法: scores or ratings, by `kind`' })
  scale?: ScoresScaleView | RatingsScaleView;
  @ApiPropertyOptional({ description: '述法: how many have scored' }) scored?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) evaluationClosedAt?: string | null;
  @ApiPropertyOptional({ enum: GRADES, nullable: true }) grade?: Grade | null;
  @ApiPropertyOptional({
    type: () => ShufaResultView,
    nullable: true,
    description: '述法: the result, once the evaluation closed',
  })
  result?: ShufaResultView | null;
  @ApiPropertyOptional({ type: () => MeetingView, nullable: true, description: '述法: the meeting record' })
  meeting?: MeetingView | null;
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

/** An audit row's before/after: open-ended by nature (each action records what it changed). */
const OPEN_RECORD = { type: 'object', additionalProperties: true, nullable: true } as const;

export class CycleAuditEntryView {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: () => AuditActorView }) actor: AuditActorView;
  @ApiProperty() action: string;
  @ApiProperty({ ...OPEN_RECORD, description: 'What the step changed, as it was: its shape differs per action' })
  before: Record<string, unknown> | null;
  @ApiProperty({ ...OPEN_RECORD, description: 'What the step changed, as it became: its shape differs per action' })
  after: Record<string, unknown> | null;
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
  @ApiPropertyOptional({
    type: () => EvaluationView,
    nullable: true,
    description: 'Before closing: the caller’s own marks (null: not scored yet)',
  })
  own?: EvaluationView | null;
  @ApiProperty({ type: () => ShufaResultView, nullable: true, description: 'Once closed' })
  result: ShufaResultView | null;
  @ApiProperty({ type: () => MeetingView, nullable: true }) meeting: MeetingView | null;
}
