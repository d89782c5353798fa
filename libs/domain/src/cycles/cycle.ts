import { CalendarStage, REPORT_STAGES, SHUFA_STAGES } from '../calendar/stages';

/** A report cycle per department and year; a 述法 cycle per department's principal leader and year. */
export const CYCLE_KINDS = ['report', 'shufa'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export const CYCLE_KIND_LABELS: Record<CycleKind, string> = {
  report: '法治政府建设年度报告',
  shufa: '主要负责人述法',
};

export const CYCLE_STAGES: Record<CycleKind, readonly CalendarStage[]> = {
  report: REPORT_STAGES,
  shufa: SHUFA_STAGES,
};

export const COMPLETED = 'completed';
export const CANCELLED = 'cancelled';
export type CycleStage = CalendarStage | typeof COMPLETED | typeof CANCELLED;

/**
 * The cycle's id, which is also its Temporal workflow id: deterministic, so a repeated or resumed
 * launch finds the cycle already running instead of starting a second one (`report-2026-QPYJ`).
 * Organisation codes are unique, and the 述法 cycle follows the department whose leader it concerns.
 */
export function cycleId(kind: CycleKind, year: number, organizationCode: string): string {
  return `${kind}-${year}-${organizationCode}`;
}

/** What a person does in each stage, as listed in "my tasks". */
export const STAGE_ACTIONS: Record<CalendarStage, string> = {
  contributions: 'close_contributions',
  drafting: 'draft',
  legality_review: 'review',
  sign_off: 'sign_off',
  submission: 'submit',
  publication: 'publish',
  shufa_writing: 'write_shufa',
  shufa_materials_review: 'review_shufa',
  shufa_evaluation: 'close_evaluation',
  shufa_rectification: 'rectify',
};
