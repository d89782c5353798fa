import { ApiProperty } from '@nestjs/swagger';
import { CANCELLED, COMPLETED, CYCLE_STAGES, GRADES, LIGHTS } from '@rol/domain';

const STAGES = [...new Set([...CYCLE_STAGES.report, ...CYCLE_STAGES.shufa, COMPLETED, CANCELLED])];

/** One cycle of a department as the dashboard shows it. */
export class DashboardCycleView {
  @ApiProperty({ example: 'report-2026-qingpu-yj' })
  cycleId: string;

  @ApiProperty({ enum: STAGES })
  stage: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The open stage’s due instant' })
  dueAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The earliest due instant of the open deadlines (a division’s part, a rectification item…)',
  })
  nextDueAt: string | null;

  @ApiProperty({
    enum: LIGHTS,
    description: '三色督办: blue (due soon), yellow (reminded or sent back), red (overdue)',
  })
  light: string;

  @ApiProperty()
  overdue: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'How long past due (ISO-8601 duration), when overdue' })
  overdueBy: string | null;

  @ApiProperty({ description: 'Times sent back' })
  rework: number;
}

/** A 述法 cycle adds its grade and the rectification items still open. */
export class DashboardShufaView extends DashboardCycleView {
  @ApiProperty({ enum: GRADES, nullable: true, description: 'null until graded, or below the quorum (评议人数不足)' })
  grade: string | null;

  @ApiProperty({ description: 'Rectification items not yet verified (销号)' })
  openItems: number;
}

export class DashboardDepartmentView {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'uuid' })
  jurisdictionId: string;

  @ApiProperty({ type: () => DashboardCycleView, nullable: true })
  report: DashboardCycleView | null;

  @ApiProperty({ type: () => DashboardShufaView, nullable: true })
  shufa: DashboardShufaView | null;
}

export class DashboardStageRateView {
  @ApiProperty({ enum: STAGES })
  stage: string;

  @ApiProperty({ description: 'Cycles that completed the stage' })
  completed: number;

  @ApiProperty({ description: 'Of those, completed by its due instant' })
  onTime: number;

  @ApiProperty({ type: Number, nullable: true, description: 'onTime / completed; null while none completed' })
  onTimeRate: number | null;
}

export class DashboardKindTotalsView {
  @ApiProperty()
  cycles: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Cycles per stage' })
  byStage: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Cycles per light' })
  byLight: Record<string, number>;

  @ApiProperty()
  overdue: number;

  @ApiProperty({ type: () => DashboardStageRateView, isArray: true })
  onTime: DashboardStageRateView[];
}

export class DashboardTotalsView {
  @ApiProperty({ type: () => DashboardKindTotalsView })
  report: DashboardKindTotalsView;

  @ApiProperty({ type: () => DashboardKindTotalsView })
  shufa: DashboardKindTotalsView;
}

/** GET /api/dashboard. */
export class DashboardView {
  @ApiProperty()
  year: number;

  @ApiProperty({ format: 'uuid' })
  jurisdictionId: string;

  @ApiProperty({ format: 'date-time', description: 'The instant the lights were computed for' })
  at: string;

  @ApiProperty({ description: 'Working days before a due date its light turns blue' })
  warningWorkingDays: number;

  @ApiProperty({ type: () => DashboardDepartmentView, isArray: true })
  departments: DashboardDepartmentView[];

  @ApiProperty({ type: () => DashboardTotalsView })
  totals: DashboardTotalsView;
}
