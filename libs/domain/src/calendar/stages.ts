/** The report cycle's stages in legal order (DOMAIN.md), then the 述法 cycle's. */
export const REPORT_STAGES = [
  'contributions',
  'drafting',
  'legality_review',
  'sign_off',
  'submission',
  'publication',
] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

export const SHUFA_STAGES = [
  'shufa_writing',
  'shufa_materials_review',
  'shufa_evaluation',
  'shufa_rectification',
] as const;
export type ShufaStage = (typeof SHUFA_STAGES)[number];

export const CALENDAR_STAGES = [...REPORT_STAGES, ...SHUFA_STAGES] as const;
export type CalendarStage = (typeof CALENDAR_STAGES)[number];

export const STAGE_LABELS: Record<CalendarStage, string> = {
  contributions: '材料征集',
  drafting: '起草',
  legality_review: '合法性审查',
  sign_off: '领导审签',
  submission: '报送',
  publication: '公开发布',
  shufa_writing: '述法报告撰写',
  shufa_materials_review: '述法材料审核',
  shufa_evaluation: '述法评议',
  shufa_rectification: '问题整改',
};

export function isCalendarStage(value: string): value is CalendarStage {
  return (CALENDAR_STAGES as readonly string[]).includes(value);
}
