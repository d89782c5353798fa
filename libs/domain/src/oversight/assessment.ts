import { CalendarStage, REPORT_STAGES, SHUFA_STAGES, STAGE_LABELS, isCalendarStage } from '../calendar/stages';
import { SHANGHAI_OFFSET_MS } from '../calendar/iso-date';
import { CANCELLED, COMPLETED, CYCLE_STAGES, CycleKind } from '../cycles/cycle';
import { REJECT_TARGET } from '../cycles/cycle-state';

/** One row of a cycle's audit trail, as stored (oldest first). */
export interface AssessmentAuditRow {
  at: Date | string | number;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** What the trail says about one stage of a cycle. */
export interface StageAssessment {
  stage: CalendarStage;
  /** The due instant in force when the stage was done (or now, while it is open); null when none is known. */
  dueAt: number | null;
  /** When the stage was last done (the cycle advanced from it); null while not done. */
  doneAt: number | null;
  /**
   * How late: done − due when done, now − due while open (0 when on time); null for a stage not
   * reached (or skipped, or ended by a cancellation before it).
   */
  lateMs: number | null;
  /** Reminder rounds sent about the stage (one round however many people it reached). */
  reminders: number;
  /** Escalation (督办) rounds sent about the stage. */
  escalations: number;
}

export interface CycleAssessment {
  kind: CycleKind;
  /** The open stage, or completed / cancelled. */
  stage: CalendarStage | typeof COMPLETED | typeof CANCELLED;
  stages: StageAssessment[];
  /** Rejections sent back to drafting (report) or writing (述法). */
  rework: number;
}

export interface ShufaAssessment extends CycleAssessment {
  score: number | null;
  grade: string | null;
  /** 评议人数不足: the evaluation closed below the quorum. */
  insufficient: boolean;
  rectification: { issued: number; verified: number; late: number };
}

export interface DepartmentAssessment {
  jurisdictionName: string;
  organizationName: string;
  report: CycleAssessment | null;
  shufa: ShufaAssessment | null;
}

export interface DepartmentTrails {
  jurisdictionName: string;
  organizationName: string;
  /** The audit rows of the department's report cycle of the year (null: it has none). */
  report: readonly AssessmentAuditRow[] | null;
  /** The audit rows of its principal leader's 述法 cycle of the year (null: it has none). */
  shufa: readonly AssessmentAuditRow[] | null;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function instant(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Date)) return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const stageOf = (value: unknown): CalendarStage | null =>
  typeof value === 'string' && isCalendarStage(value) ? value : null;

/**
 * A notice's key names its deadline item and round, then the recipient (`noticeKeys` in
 * libs/contracts): `<kind>:<cycleId>:<stage>:<visit>[:<item>]:<round>:<userId>`. Organisation codes,
 * hence cycle ids, hold no colon. The round is the key without its recipient.
 */
export function noticeRound(key: string): { kind: string; stage: CalendarStage; round: string } | null {
  const parts = key.split(':');
  if (parts.length < 6) return null;
  const stage = stageOf(parts[2]);
  if (!stage) return null;
  return { kind: parts[0], stage, round: parts.slice(0, -1).join(':') };
}

/**
 * What one cycle's audit trail says: for each stage the due instant in force, when it was done, how
 * late, and the reminder and escalation rounds sent about it; the rework. Due instants follow the
 * launch, calendar changes (cycle.retimed), extensions (cycle.extended) and rework dates
 * (stage.rejected); a rejection reopens the stages from its target on, as the cycle does.
 */
export function assessCycle(kind: CycleKind, rows: readonly AssessmentAuditRow[], asOf: number): CycleAssessment {
  const order = CYCLE_STAGES[kind];
  const due = new Map<CalendarStage, number>();
  const done = new Map<CalendarStage, { at: number; dueAt: number | null }>();
  const stopped = new Map<CalendarStage, { at: number; dueAt: number | null }>();
  const rounds = new Map<CalendarStage, { reminders: Set<string>; escalations: Set<string> }>();
  let stage: CycleAssessment['stage'] = order[0];
  let rework = 0;
  // The launch row may follow a cycle's own first rows (a launch attempt that rolled back): it then
  // says nothing newer.
  let moved = false;
  const setDues = (map: unknown) => {
    for (const [name, at] of Object.entries(record(map))) {
      const s = stageOf(name);
      const ms = instant(at);
      if (s && order.includes(s) && ms !== null) due.set(s, ms);
    }
  };
  for (const row of rows) {
    const at = instant(row.at) ?? asOf;
    const before = record(row.before);
    const after = record(row.after);
    switch (row.action) {
      case 'cycle.launched':
        if (moved) break;
        setDues(after.due);
        // Where it began (a department without divisions begins at drafting); older rows do not say.
        stage = stageOf(after.stage) ?? stage;
        break;
      case 'cycle.restarted':
        // Started again from what PostgreSQL held: its stage and due dates as they were.
        moved = true;
        setDues(after.due);
        stage = stageOf(after.stage) ?? stage;
        break;
      case 'cycle.retimed':
        moved = true;
        setDues(after.due);
        break;
      case 'cycle.extended': {
        moved = true;
        // A division's own date moves only its part, not the stage's.
        const s = stageOf(after.stage);
        const ms = instant(after.dueAt);
        if (s && ms !== null && after.divisionId === undefined) due.set(s, ms);
        break;
      }
      case 'stage.advanced': {
        moved = true;
        const from = stageOf(before.stage);
        if (from) done.set(from, { at, dueAt: due.get(from) ?? null });
        stage = stageOf(after.stage) ?? (after.stage === COMPLETED ? COMPLETED : stage);
        break;
      }
      case 'stage.rejected': {
        const from = stageOf(before.stage);
        const target = stageOf(after.stage) ?? (from ? (REJECT_TARGET[from] ?? null) : null);
        rework++;
        moved = true;
        if (target) {
          for (const s of order.slice(order.indexOf(target))) done.delete(s);
          const ms = instant(after.dueAt);
          if (ms !== null) due.set(target, ms);
          stage = target;
        }
        break;
      }
      case 'cycle.cancelled': {
        const from = stageOf(before.stage);
        if (from) stopped.set(from, { at, dueAt: due.get(from) ?? null });
        stage = CANCELLED;
        break;
      }
      case 'notice.sent': {
        const notice = typeof after.key === 'string' ? noticeRound(after.key) : null;
        if (!notice || !order.includes(notice.stage)) break;
        const counted = rounds.get(notice.stage) ?? { reminders: new Set<string>(), escalations: new Set<string>() };
        rounds.set(notice.stage, counted);
        if (notice.kind === 'reminder') counted.reminders.add(notice.round);
        else if (notice.kind === 'escalation') counted.escalations.add(notice.round);
        break;
      }
    }
  }
  const stages = order.map((s): StageAssessment => {
    const finished = done.get(s) ?? null;
    const ended = finished ?? stopped.get(s) ?? null;
    const dueAt = ended ? ended.dueAt : (due.get(s) ?? null);
    const end = ended ? ended.at : s === stage ? asOf : null;
    return {
      stage: s,
      dueAt,
      doneAt: finished?.at ?? null,
      lateMs: end === null || dueAt === null ? null : Math.max(0, end - dueAt),
      reminders: rounds.get(s)?.reminders.size ?? 0,
      escalations: rounds.get(s)?.escalations.size ?? 0,
    };
  });
  return { kind, stage, stages, rework };
}

/** The 述法 result (the last evaluation closed) and the 问题清单: items issued, verified (销号) and late. */
function assessShufa(rows: readonly AssessmentAuditRow[], asOf: number): ShufaAssessment {
  let result: Record<string, unknown> | null = null;
  const issued = new Set<string>();
  const verified = new Set<string>();
  const late = new Set<string>();
  for (const row of rows) {
    const after = record(row.after);
    const itemId = typeof after.itemId === 'string' ? after.itemId : null;
    switch (row.action) {
      case 'shufa.evaluation_closed':
        result = after;
        break;
      case 'rectification.issued':
        if (itemId) issued.add(itemId);
        break;
      case 'rectification.verify':
        if (itemId) verified.add(itemId);
        break;
      case 'stage.overdue':
        for (const id of Array.isArray(after.rectificationItems) ? after.rectificationItems : []) {
          if (typeof id === 'string') late.add(id);
        }
        break;
    }
  }
  const score = typeof result?.score === 'number' ? result.score : null;
  return {
    ...assessCycle('shufa', rows, asOf),
    score,
    grade: typeof result?.grade === 'string' ? result.grade : null,
    insufficient: result?.insufficient === true,
    rectification: { issued: issued.size, verified: verified.size, late: late.size },
  };
}

/**
 * The yearly assessment (述、评、考、督、责) of one department, from the audit trails of its report
 * and 述法 cycles alone: every figure can be traced to rows of the append-only trail. `asOf` is the
 * instant an open stage's lateness is counted to.
 */
export function assessDepartment(trails: DepartmentTrails, asOf: number): DepartmentAssessment {
  return {
    jurisdictionName: trails.jurisdictionName,
    organizationName: trails.organizationName,
    report: trails.report ? assessCycle('report', trails.report, asOf) : null,
    shufa: trails.shufa ? assessShufa(trails.shufa, asOf) : null,
  };
}

/** How a cell is written: text, a count, a score, an instant (Asia/Shanghai), hours. */
export type AssessmentCellType = 'text' | 'count' | 'score' | 'datetime' | 'hours';

export interface AssessmentColumn {
  header: string;
  type: AssessmentCellType;
  /** Width in characters, for a spreadsheet. */
  width: number;
  /** The value; null for an empty cell. Instants in epoch ms, lateness in ms. */
  value(row: DepartmentAssessment): string | number | null;
}

export const ASSESSMENT_STATUS_LABELS: Record<CycleAssessment['stage'], string> = {
  ...STAGE_LABELS,
  [COMPLETED]: '已完成',
  [CANCELLED]: '已取消',
};

const HOUR_MS = 3_600_000;

/** Hours, as the lateness columns give them. */
export function lateHours(ms: number): number {
  return ms / HOUR_MS;
}

/** `2026-03-01 09:30:00`: an instant as a wall-clock time in Asia/Shanghai, as the export writes it. */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function stageColumns(
  stages: readonly CalendarStage[],
  cycle: (row: DepartmentAssessment) => CycleAssessment | null,
): AssessmentColumn[] {
  return stages.flatMap((stage, i) => {
    const of = (row: DepartmentAssessment) => cycle(row)?.stages[i] ?? null;
    const label = STAGE_LABELS[stage];
    return [
      { header: `${label}应办结时间`, type: 'datetime', width: 20, value: (r) => of(r)?.dueAt ?? null },
      { header: `${label}实际办结时间`, type: 'datetime', width: 20, value: (r) => of(r)?.doneAt ?? null },
      { header: `${label}逾期时长（小时）`, type: 'hours', width: 14, value: (r) => of(r)?.lateMs ?? null },
      { header: `${label}提醒次数`, type: 'count', width: 10, value: (r) => of(r)?.reminders ?? null },
      { header: `${label}督办次数`, type: 'count', width: 10, value: (r) => of(r)?.escalations ?? null },
    ] satisfies AssessmentColumn[];
  });
}

const status = (cycle: CycleAssessment | null) => (cycle ? ASSESSMENT_STATUS_LABELS[cycle.stage] : null);

/** The export's columns, in order, with their Chinese headers: one definition for CSV and XLSX. */
export const ASSESSMENT_COLUMNS: readonly AssessmentColumn[] = [
  { header: '辖区', type: 'text', width: 18, value: (r) => r.jurisdictionName },
  { header: '部门', type: 'text', width: 24, value: (r) => r.organizationName },
  { header: '年度报告当前阶段', type: 'text', width: 14, value: (r) => status(r.report) },
  ...stageColumns(REPORT_STAGES, (r) => r.report),
  { header: '年度报告退回次数', type: 'count', width: 12, value: (r) => r.report?.rework ?? null },
  { header: '述法当前阶段', type: 'text', width: 14, value: (r) => status(r.shufa) },
  ...stageColumns(SHUFA_STAGES, (r) => r.shufa),
  { header: '述法退回次数', type: 'count', width: 12, value: (r) => r.shufa?.rework ?? null },
  { header: '述法得分', type: 'score', width: 10, value: (r) => r.shufa?.score ?? null },
  {
    header: '述法等级',
    type: 'text',
    width: 12,
    value: (r) => r.shufa?.grade ?? (r.shufa?.insufficient ? '评议人数不足' : null),
  },
  { header: '整改事项下达数', type: 'count', width: 14, value: (r) => r.shufa?.rectification.issued ?? null },
  { header: '整改事项销号数', type: 'count', width: 14, value: (r) => r.shufa?.rectification.verified ?? null },
  { header: '整改事项逾期数', type: 'count', width: 14, value: (r) => r.shufa?.rectification.late ?? null },
];
