/** The dashboard's figures worked out from the API's answer: lights, stages, durations, chart rows. */
import type { components } from '../../api/schema';
import { stageLabel } from '../../labels';

export type DashboardView = components['schemas']['DashboardView'];
export type DashboardDepartment = components['schemas']['DashboardDepartmentView'];
export type DashboardCycle = components['schemas']['DashboardCycleView'];
export type DashboardShufa = components['schemas']['DashboardShufaView'];
export type StageRate = components['schemas']['DashboardStageRateView'];
export type Light = DashboardCycle['light'];

/** Worst first: the order of the light column's sort and of the chart's stacks. */
export const LIGHT_ORDER: Light[] = ['red', 'yellow', 'blue', 'none'];

/** Text with every colour, so that the light is never told by colour alone. */
export const LIGHTS: Record<Light, { text: string; meaning: string; tag: string; chart: string }> = {
  red: { text: '红灯', meaning: '已逾期', tag: 'red', chart: '#cf1322' },
  yellow: { text: '黄灯', meaning: '催办未办或被退回', tag: 'gold', chart: '#d4b106' },
  blue: { text: '蓝灯', meaning: '3 个工作日内到期', tag: 'blue', chart: '#1677ff' },
  none: { text: '无灯', meaning: '正常', tag: 'default', chart: '#bfbfbf' },
};

/** Stages in the order a cycle goes through them, ended states last. */
export const STAGE_ORDER = [
  'contributions',
  'drafting',
  'legality_review',
  'sign_off',
  'submission',
  'publication',
  'shufa_writing',
  'shufa_materials_review',
  'shufa_evaluation',
  'shufa_rectification',
  'completed',
  'cancelled',
] as const;

export const lightRank = (light: Light | undefined): number =>
  light === undefined ? LIGHT_ORDER.length : LIGHT_ORDER.indexOf(light);

export const stageRank = (stage: string | undefined): number =>
  stage === undefined ? STAGE_ORDER.length : (STAGE_ORDER as readonly string[]).indexOf(stage);

/** Seconds of an ISO-8601 duration as the API writes it (PnDTnHnMnS); null when there is none. */
export function durationSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return null;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** "2 天 3 小时", "5 小时 12 分钟", "3 分钟", "不足 1 分钟". */
export function durationText(iso: string | null | undefined): string {
  const s = durationSeconds(iso);
  if (s === null) return '—';
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days} 天 ${hours} 小时`;
  if (hours > 0) return `${hours} 小时 ${minutes} 分钟`;
  return minutes > 0 ? `${minutes} 分钟` : '不足 1 分钟';
}

/** The cycles a department has this year (the report, the 述法), for filters that look at either. */
export function cyclesOf(d: DashboardDepartment): (DashboardCycle | DashboardShufa)[] {
  return [d.report, d.shufa].filter((c): c is DashboardCycle | DashboardShufa => c !== null);
}

export interface DashboardFilter {
  light?: Light;
  stage?: string;
  text?: string;
}

/** A department is shown when either of its cycles has the light and the stage asked for. */
export function matches(d: DashboardDepartment, filter: DashboardFilter): boolean {
  const text = filter.text?.trim().toLowerCase();
  if (text && !d.name.toLowerCase().includes(text) && !d.code.toLowerCase().includes(text)) return false;
  const cycles = cyclesOf(d);
  if (filter.light && !cycles.some((c) => c.light === filter.light)) return false;
  if (filter.stage && !cycles.some((c) => c.stage === filter.stage)) return false;
  return true;
}

export interface StageLightRow {
  stage: string;
  label: string;
  counts: Record<Light, number>;
  total: number;
}

/** Cycles (report and 述法) per stage and light, the stages in order and only those with a cycle. */
export function stageLightRows(departments: DashboardDepartment[]): StageLightRow[] {
  const rows = new Map<string, StageLightRow>();
  for (const c of departments.flatMap(cyclesOf)) {
    const row = rows.get(c.stage) ?? {
      stage: c.stage,
      label: stageLabel(c.stage),
      counts: { red: 0, yellow: 0, blue: 0, none: 0 },
      total: 0,
    };
    row.counts[c.light] += 1;
    row.total += 1;
    rows.set(c.stage, row);
  }
  return [...rows.values()].sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
}

export interface OnTimeRow extends StageRate {
  label: string;
  /** Percent, rounded to one decimal; null while none completed. */
  percent: number | null;
}

/** The on-time rate of every stage of both kinds, in stage order. */
export function onTimeRows(view: DashboardView): OnTimeRow[] {
  return [...view.totals.report.onTime, ...view.totals.shufa.onTime]
    .filter((s) => s.stage !== 'completed' && s.stage !== 'cancelled')
    .sort((a, b) => stageRank(a.stage) - stageRank(b.stage))
    .map((s) => ({
      ...s,
      label: stageLabel(s.stage),
      percent: s.onTimeRate === null ? null : Math.round(s.onTimeRate * 1000) / 10,
    }));
}
