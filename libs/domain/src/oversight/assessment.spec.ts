import { noticeKeys } from '@rol/contracts';
import {
  ASSESSMENT_COLUMNS,
  AssessmentAuditRow,
  assessDepartment,
  DepartmentAssessment,
  lateHours,
  noticeRound,
  shanghaiDateTime,
} from './assessment';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const H = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * H).toISOString();
const REPORT_ID = 'report-2025-qp-yjj';
const SHUFA_ID = 'shufa-2025-qp-yjj';

const launched = (due: Record<string, number>, stage?: string): AssessmentAuditRow => ({
  at: at(0),
  action: 'cycle.launched',
  after: { due: Object.fromEntries(Object.entries(due).map(([s, h]) => [s, at(h)])), ...(stage ? { stage } : {}) },
});
const advanced = (hours: number, from: string, to: string): AssessmentAuditRow => ({
  at: at(hours),
  action: 'stage.advanced',
  before: { stage: from },
  after: { stage: to },
});
const sent = (hours: number, key: string, kind: string): AssessmentAuditRow => ({
  at: at(hours),
  action: 'notice.sent',
  after: { key, kind, to: 'x@example.cn' },
});

const REPORT_DUE = {
  contributions: 10,
  drafting: 20,
  legality_review: 30,
  sign_off: 40,
  submission: 50,
  publication: 60,
};

function assess(report: AssessmentAuditRow[] | null, shufa: AssessmentAuditRow[] | null, asOfHours: number) {
  return assessDepartment(
    { jurisdictionName: '青浦区人民政府', organizationName: '青浦区应急管理局', report, shufa },
    T0 + asOfHours * H,
  );
}

const cell = (row: DepartmentAssessment, header: string) => {
  const column = ASSESSMENT_COLUMNS.find((c) => c.header === header);
  if (!column) throw new Error(`no column ${header}`);
  return column.value(row);
};

describe('the yearly assessment of a department, from its audit trail', () => {
  it('gives each stage the due date in force when it was done, and lateness as done minus due', () => {
    const row = assess(
      [
        launched(REPORT_DUE),
        advanced(8, 'contributions', 'drafting'),
        // Drafting extended to hour 22, done at hour 25: 3 hours late against the extended date.
        { at: at(9), action: 'cycle.extended', after: { stage: 'drafting', dueAt: at(22) } },
        advanced(25, 'drafting', 'legality_review'),
      ],
      null,
      35,
    );
    const [contributions, drafting, review, signOff] = row.report!.stages;
    expect(contributions).toMatchObject({ dueAt: T0 + 10 * H, doneAt: T0 + 8 * H, lateMs: 0 });
    expect(drafting).toMatchObject({ dueAt: T0 + 22 * H, doneAt: T0 + 25 * H, lateMs: 3 * H });
    // Open and past due: late until now (hour 35).
    expect(review).toMatchObject({ dueAt: T0 + 30 * H, doneAt: null, lateMs: 5 * H });
    // Not reached: no lateness of its own yet.
    expect(signOff).toMatchObject({ dueAt: T0 + 40 * H, doneAt: null, lateMs: null });
    expect(row.report!.stage).toBe('legality_review');
  });

  it('counts a rejection as rework, moves drafting to its rework date and reopens the stages after it', () => {
    const row = assess(
      [
        launched(REPORT_DUE),
        advanced(5, 'contributions', 'drafting'),
        advanced(15, 'drafting', 'legality_review'),
        {
          at: at(31),
          action: 'stage.rejected',
          before: { stage: 'legality_review' },
          after: { stage: 'drafting', rework: 1, dueAt: at(100) },
        },
      ],
      null,
      32,
    );
    const [, drafting, review] = row.report!.stages;
    expect(row.report!.rework).toBe(1);
    expect(drafting).toMatchObject({ dueAt: T0 + 100 * H, doneAt: null, lateMs: 0 });
    expect(review).toMatchObject({ doneAt: null, lateMs: null });
    expect(cell(row, '年度报告退回次数')).toBe(1);
    expect(cell(row, '年度报告当前阶段')).toBe('起草');
  });

  it('follows a calendar change to every stage not yet done, as the cycle does', () => {
    const row = assess(
      [
        launched(REPORT_DUE),
        advanced(5, 'contributions', 'drafting'),
        {
          at: at(6),
          action: 'cycle.retimed',
          after: {
            revision: 2,
            due: { ...Object.fromEntries(Object.entries(REPORT_DUE).map(([s, h]) => [s, at(h)])), drafting: at(12) },
          },
        },
        advanced(14, 'drafting', 'legality_review'),
      ],
      null,
      14,
    );
    expect(row.report!.stages[1]).toMatchObject({ dueAt: T0 + 12 * H, lateMs: 2 * H });
  });

  it('counts reminder and escalation rounds per stage, not the mails of a round', () => {
    const item = { cycleId: REPORT_ID, stage: 'drafting', visit: 1 };
    const contribution = { cycleId: REPORT_ID, stage: 'contributions', visit: 1, divisionId: 'd-1' };
    const row = assess(
      [
        launched(REPORT_DUE),
        sent(1, noticeKeys.reminder(contribution, 'PT5S', T0, 'u1'), 'reminder'),
        advanced(5, 'contributions', 'drafting'),
        // One reminder round to two people, another offset, and two escalation rounds.
        sent(10, noticeKeys.reminder(item, 'P3D', T0 + 20 * H, 'u1'), 'reminder'),
        sent(10, noticeKeys.reminder(item, 'P3D', T0 + 20 * H, 'u2'), 'reminder'),
        sent(19, noticeKeys.reminder(item, 'P1D', T0 + 20 * H, 'u1'), 'reminder'),
        { at: at(20), action: 'stage.overdue', after: { stage: 'drafting', dueAt: at(20) } },
        sent(21, noticeKeys.escalation(item, 1, 1, 'u1'), 'escalation'),
        sent(22, noticeKeys.escalation(item, 1, 2, 'leader'), 'escalation'),
        sent(22, noticeKeys.escalation(item, 1, 2, 'leader'), 'escalation'),
        { at: at(23), action: 'notice.delivery_failed', after: { key: noticeKeys.escalation(item, 1, 3, 'o') } },
      ],
      null,
      24,
    );
    const [contributions, drafting] = row.report!.stages;
    expect(contributions).toMatchObject({ reminders: 1, escalations: 0 });
    expect(drafting).toMatchObject({ reminders: 2, escalations: 2, lateMs: 4 * H });
    expect(cell(row, '起草提醒次数')).toBe(2);
    expect(cell(row, '起草督办次数')).toBe(2);
  });

  it('begins where the launch says (no divisions: drafting), leaving collection without lateness', () => {
    const row = assess([launched(REPORT_DUE, 'drafting')], null, 15);
    expect(row.report!.stage).toBe('drafting');
    expect(row.report!.stages[0]).toMatchObject({ doneAt: null, lateMs: null });
    expect(row.report!.stages[1]).toMatchObject({ lateMs: 0 });
  });

  it('takes a restarted cycle’s stage and due dates from its restart row', () => {
    const row = assess(
      [
        launched(REPORT_DUE),
        advanced(5, 'contributions', 'drafting'),
        {
          at: at(30),
          action: 'cycle.restarted',
          after: {
            stage: 'drafting',
            due: { ...Object.fromEntries(Object.entries(REPORT_DUE).map(([s, h]) => [s, at(h)])), drafting: at(28) },
          },
        },
      ],
      null,
      31,
    );
    expect(row.report!.stage).toBe('drafting');
    expect(row.report!.stages[1]).toMatchObject({ dueAt: T0 + 28 * H, lateMs: 3 * H });
  });

  it('freezes lateness at a cancellation and shows the cycle cancelled', () => {
    const row = assess(
      [
        launched(REPORT_DUE),
        { at: at(12), action: 'cycle.cancelled', before: { stage: 'contributions' }, after: { stage: 'cancelled' } },
      ],
      null,
      100,
    );
    expect(row.report!.stages[0]).toMatchObject({ doneAt: null, lateMs: 2 * H });
    expect(cell(row, '年度报告当前阶段')).toBe('已取消');
  });

  it('takes the 述法 grade and score from the closed evaluation, and counts the 问题清单', () => {
    const shufaDue = { shufa_writing: 10, shufa_materials_review: 20, shufa_evaluation: 30, shufa_rectification: 40 };
    const rectification = (id: string) => ({
      cycleId: SHUFA_ID,
      stage: 'shufa_rectification',
      visit: 1,
      rectificationItemId: id,
    });
    const row = assess(
      null,
      [
        launched(shufaDue),
        advanced(9, 'shufa_writing', 'shufa_materials_review'),
        {
          at: at(12),
          action: 'stage.rejected',
          before: { stage: 'shufa_materials_review' },
          after: { stage: 'shufa_writing', rework: 1, dueAt: at(15) },
        },
        advanced(16, 'shufa_writing', 'shufa_materials_review'),
        advanced(18, 'shufa_materials_review', 'shufa_evaluation'),
        {
          at: at(30),
          action: 'shufa.evaluation_closed',
          after: { score: 86.5, grade: '良好', insufficient: false, evaluators: [], missing: ['e5'] },
        },
        advanced(30, 'shufa_evaluation', 'shufa_rectification'),
        {
          at: at(31),
          action: 'rectification.issued',
          after: { itemId: 'i1', description: '制度未及时修订', dueAt: at(35) },
        },
        {
          at: at(31),
          action: 'rectification.issued',
          after: { itemId: 'i2', description: '执法案卷不规范', dueAt: at(38) },
        },
        {
          at: at(32),
          action: 'rectification.issued',
          after: { itemId: 'i3', description: '学法记录缺失', dueAt: at(35) },
        },
        { at: at(33), action: 'rectification.done', after: { step: 'done', itemId: 'i1', comment: '已修订' } },
        { at: at(34), action: 'rectification.verify', after: { step: 'verify', itemId: 'i1' } },
        {
          at: at(35),
          action: 'stage.overdue',
          after: { stage: 'shufa_rectification', dueAt: at(35), rectificationItems: ['i3'] },
        },
        sent(36, noticeKeys.escalation(rectification('i3'), 1, 1, 'leader'), 'escalation'),
        {
          at: at(38),
          action: 'stage.overdue',
          after: { stage: 'shufa_rectification', dueAt: at(38), rectificationItems: ['i2', 'i3'] },
        },
      ],
      39,
    );
    const shufa = row.shufa!;
    expect(row.report).toBeNull();
    expect(shufa.rework).toBe(1);
    // Writing done again after the return, against its rework date: 1 hour late.
    expect(shufa.stages[0]).toMatchObject({ dueAt: T0 + 15 * H, doneAt: T0 + 16 * H, lateMs: H });
    expect(shufa.stages[3]).toMatchObject({ escalations: 1, lateMs: 0 });
    expect(cell(row, '述法得分')).toBe(86.5);
    expect(cell(row, '述法等级')).toBe('良好');
    expect(cell(row, '整改事项下达数')).toBe(3);
    expect(cell(row, '整改事项销号数')).toBe(1);
    expect(cell(row, '整改事项逾期数')).toBe(2);
    expect(cell(row, '述法当前阶段')).toBe('问题整改');
    expect(cell(row, '年度报告当前阶段')).toBeNull();
  });

  it('says 评议人数不足 when the evaluation closed below the quorum', () => {
    const row = assess(
      null,
      [{ at: at(1), action: 'shufa.evaluation_closed', after: { score: 70, grade: null, insufficient: true } }],
      2,
    );
    expect(cell(row, '述法等级')).toBe('评议人数不足');
    expect(cell(row, '述法得分')).toBe(70);
  });

  it('has one column per figure with Chinese headers naming the unit of lateness', () => {
    const headers = ASSESSMENT_COLUMNS.map((c) => c.header);
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.slice(0, 3)).toEqual(['辖区', '部门', '年度报告当前阶段']);
    expect(headers).toContain('合法性审查逾期时长（小时）');
    expect(headers).toContain('问题整改督办次数');
    expect(headers).toHaveLength(3 + 6 * 5 + 1 + 1 + 4 * 5 + 1 + 2 + 3);
  });

  it('reads a notice key as its stage and round, and writes instants in Asia/Shanghai', () => {
    const item = { cycleId: REPORT_ID, stage: 'sign_off', visit: 2 };
    expect(noticeRound(noticeKeys.escalation(item, 1, 3, 'u9'))).toEqual({
      kind: 'escalation',
      stage: 'sign_off',
      round: `escalation:${REPORT_ID}:sign_off:2:p1-round-3`,
    });
    expect(noticeRound('welcome:u1')).toBeNull();
    expect(shanghaiDateTime(Date.parse('2026-02-28T16:30:05Z'))).toBe('2026-03-01 00:30:05');
    expect(lateHours(90 * 60_000)).toBe(1.5);
  });
});
