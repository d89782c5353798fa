import {
  Actor,
  advanceCycle,
  CycleInput,
  cycleOwner,
  CycleSnapshot,
  issueRectification,
  recordEvaluation,
  Role,
  startCycle,
  withDeadlineItems,
  withShufaDefaults,
} from '@rol/domain';
import { FeedCycle, feedDeadlines } from './feed-deadlines';

// A jurisdiction with a department of two divisions; a jurisdiction elsewhere.
const path = { j: '/j/', d: '/j/d/', a: '/j/d/a/', b: '/j/d/b/', k: '/k/' } as const;
const person = (id: string, at: keyof typeof path | null, roles: Role[]): Actor => ({
  userId: id,
  organizationId: at,
  organizationPath: at === null ? null : path[at],
  roles,
});
const office = { id: 'office', label: '依法治区办' };

const base = {
  calendarId: 'cal',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  reminders: ['P1D', 'PT2H'],
  escalation: { after: 'P1D', every: 'P3D' },
};
const report: CycleInput = {
  ...base,
  cycleId: 'report-2026-d',
  kind: 'report',
  leaderId: null,
  divisions: ['a', 'b'],
  due: {
    contributions: Date.parse('2026-12-01T10:00:00Z'),
    drafting: Date.parse('2026-12-10T10:00:00Z'),
    legality_review: Date.parse('2026-12-20T10:00:00Z'),
    sign_off: Date.parse('2026-12-25T10:00:00Z'),
    submission: Date.parse('2026-12-28T10:00:00Z'),
    publication: Date.parse('2026-12-30T10:00:00Z'),
  },
};
const shufa: CycleInput = {
  ...base,
  cycleId: 'shufa-2026-d',
  kind: 'shufa',
  leaderId: 'chief',
  due: { shufa_writing: 10, shufa_materials_review: 20, shufa_evaluation: 30, shufa_rectification: 1000 },
  shufa: withShufaDefaults({
    panel: [
      { userId: 'e1', type: 'npc_deputy' },
      { userId: 'e2', type: 'public' },
    ],
  }),
};

const feedCycle = (snapshot: CycleSnapshot): FeedCycle => ({
  snapshot,
  owner: cycleOwner(snapshot, { path: path.d, principalLeaderId: 'chief' }),
  departmentName: '商务委',
  divisionNames: new Map([
    ['a', '市场监管科'],
    ['b', '综合执法队'],
  ]),
});
const uids = (actor: Actor, ...snapshots: CycleSnapshot[]) =>
  feedDeadlines(actor, snapshots.map(feedCycle)).map((d) => d.uid);

describe('the deadlines a feed lists', () => {
  it('lists each division’s part to its own contributors, named and with its reminders', () => {
    const cycle = withDeadlineItems(startCycle(report, 0));
    const [a] = feedDeadlines(person('ca', 'a', ['contributor']), [feedCycle(cycle)]);
    expect(a).toEqual({
      uid: 'report-2026-d:contribution-a@rol-cycle',
      dueAt: report.due.contributions,
      summary: '【材料征集截止】商务委 · 市场监管科的材料',
      description: [
        '商务委2026年度法治政府建设年度报告「材料征集」阶段市场监管科的材料',
        '截止时间：2026年12月01日 18:00（北京时间）',
        '周期编号：report-2026-d',
      ].join('\n'),
      alarms: [
        { beforeMs: 86_400_000, description: expect.stringContaining('【截止提醒】') },
        { beforeMs: 7_200_000, description: expect.stringContaining('将于2026年12月01日 18:00截止') },
      ],
    });
    expect(uids(person('cb', 'b', ['contributor']), cycle)).toEqual(['report-2026-d:contribution-b@rol-cycle']);
    // Nobody is late for the officer's closing the collection early: not his deadline.
    expect(uids(person('o', 'd', ['officer']), cycle)).toEqual([]);
    // A contributor of the department itself hands in for no division.
    expect(uids(person('c', 'd', ['contributor']), cycle)).toEqual([]);
  });

  it('gives a collection kept as one deadline the same per-division UIDs', () => {
    const legacy = startCycle(report, 0);
    expect(legacy.items).toBeUndefined();
    expect(uids(person('ca', 'a', ['contributor']), legacy)).toEqual(['report-2026-d:contribution-a@rol-cycle']);
    expect(uids(person('admin', 'j', ['admin']), legacy)).toEqual([
      'report-2026-d:contribution-a@rol-cycle',
      'report-2026-d:contribution-b@rol-cycle',
    ]);
  });

  it('lists an administrator every deadline in his jurisdiction, none elsewhere', () => {
    const cycle = withDeadlineItems(startCycle(report, 0));
    const all = ['report-2026-d:contribution-a@rol-cycle', 'report-2026-d:contribution-b@rol-cycle'];
    expect(uids(person('admin', 'j', ['admin']), cycle)).toEqual(all);
    expect(uids(person('root', null, ['admin']), cycle)).toEqual(all);
    expect(uids(person('far', 'k', ['admin']), cycle)).toEqual([]);
  });

  it('follows the stage: drafting is the officer’s', () => {
    const cycle = withDeadlineItems(startCycle(report, 0));
    advanceCycle(cycle, 1, { outcome: 'advanced', by: office, at: 1 });
    expect(uids(person('o', 'a', ['officer']), cycle)).toEqual(['report-2026-d:drafting@rol-cycle']);
    expect(uids(person('ca', 'a', ['contributor']), cycle)).toEqual([]);
    expect(feedDeadlines(person('o', 'd', ['officer']), [feedCycle(cycle)])[0].summary).toBe('【起草截止】商务委');
  });

  it('lists a 述法 evaluation to the panel members yet to score only', () => {
    const cycle = startCycle(shufa, 0);
    for (const at of [1, 2]) advanceCycle(cycle, at, { outcome: 'advanced', by: office, at });
    recordEvaluation(cycle, { userId: 'e1', marks: { scores: {} }, comment: null, at: 3 });
    expect(uids(person('e1', 'j', ['evaluator']), cycle)).toEqual([]);
    expect(uids(person('e2', 'j', ['evaluator']), cycle)).toEqual(['shufa-2026-d:shufa_evaluation@rol-cycle']);
    expect(uids(person('e3', 'j', ['evaluator']), cycle)).toEqual([]);
  });

  it('lists each rectification item to the leader the 述法 concerns', () => {
    const cycle = startCycle(shufa, 0);
    for (const at of [1, 2, 3]) advanceCycle(cycle, at, { outcome: 'advanced', by: office, at });
    issueRectification(cycle, { id: 'r1', description: '审查记录不全', dueAt: 500 }, office, 4);
    const [item] = feedDeadlines(person('chief', 'd', ['leader']), [feedCycle(cycle)]);
    expect(item).toMatchObject({
      uid: 'shufa-2026-d:rectification-r1@rol-cycle',
      dueAt: 500,
      summary: '【问题整改截止】商务委 · 整改事项「审查记录不全」',
    });
    expect(uids(person('other-leader', 'd', ['leader']), cycle)).toEqual([]);
  });
});
