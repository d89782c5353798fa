import { NO_TIMER_PROGRESS } from '../calendar/timer-step';
import { advanceCycle, CycleInput, startCycle } from '../cycles/cycle-state';
import { openDeadlines } from '../cycles/deadlines';
import { applyRectificationStep, issueRectification, itemsToCarry } from './rectification';
import { withShufaDefaults } from './shufa-settings';

const input: CycleInput = {
  cycleId: 'shufa-2026-x',
  kind: 'shufa',
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: 'l',
  due: { shufa_writing: 10, shufa_materials_review: 20, shufa_evaluation: 30, shufa_rectification: 1000 },
  reminders: [],
  escalation: { after: 'P1D', every: 'P3D' },
  shufa: withShufaDefaults({}),
};
const office = { id: 'o', label: '依法治区办' };
const leader = { id: 'l', label: '局长' };
const toRectification = (s: ReturnType<typeof startCycle>) => {
  for (const at of [1, 2, 3]) advanceCycle(s, at, { outcome: 'advanced', by: office, at });
};
const items = (s: ReturnType<typeof startCycle>) =>
  openDeadlines(s).map((d) => (d.item.kind === 'rectification' ? d.item.itemId : d.item.kind));

describe('the 问题清单 across years', () => {
  it('carries only the unverified items of a closed cycle, each with its history', () => {
    const last = startCycle(input, 0);
    toRectification(last);
    issueRectification(last, { id: 'a', description: '审查记录不全', dueAt: 100 }, office, 4);
    issueRectification(last, { id: 'b', description: '宣传针对性不强', dueAt: 200 }, office, 5);
    applyRectificationStep(last, { step: 'done', itemId: 'a', comment: '已补齐', evidence: null }, leader, 6);
    applyRectificationStep(last, { step: 'verify', itemId: 'a' }, office, 7);
    applyRectificationStep(last, { step: 'done', itemId: 'b', comment: '已整改', evidence: null }, leader, 8);
    // Not before the year is closed; then b, reported done but never verified, goes on as open.
    expect(itemsToCarry(last, 9)).toEqual([]);
    advanceCycle(last, 9, { outcome: 'advanced', by: office, at: 9 });
    const carried = itemsToCarry(last, 10);
    expect(carried).toEqual([
      expect.objectContaining({
        id: 'b',
        status: 'open',
        dueAt: 200,
        carriedFrom: { cycleId: 'shufa-2026-x', year: 2026 },
        overdueSince: null,
      }),
    ]);
    expect(carried[0].history.map((h) => h.action)).toEqual(['issued', 'done', 'carried']);
  });

  it('makes carried items deadlines only once the new year’s list is issued; until then the stage’s own', () => {
    const carried = {
      id: 'b',
      description: '宣传针对性不强',
      dueAt: 200,
      status: 'open' as const,
      carriedFrom: { cycleId: 'shufa-2026-x', year: 2026 },
      history: [],
      overdueSince: null,
      timer: NO_TIMER_PROGRESS,
    };
    const next = startCycle({ ...input, cycleId: 'shufa-2027-x', year: 2027, carried: [carried] }, 0);
    expect(next.rectification?.map((i) => i.id)).toEqual(['b']);
    // Writing to evaluation: the item is no deadline of its own (its old date has long passed).
    expect(items(next)).toEqual(['stage']);
    toRectification(next);
    expect(items(next)).toEqual(['stage']);
    issueRectification(next, { id: 'c', description: '执法案卷不规范', dueAt: 2000 }, office, 4);
    expect(items(next)).toEqual(['b', 'c']);
    // Reported done, the item awaits the office and is no deadline; reopened, it is again.
    applyRectificationStep(next, { step: 'done', itemId: 'b', comment: '已整改', evidence: null }, leader, 5);
    expect(items(next)).toEqual(['c']);
    applyRectificationStep(next, { step: 'reopen', itemId: 'b', reason: '未见成效' }, office, 6);
    expect(items(next)).toEqual(['b', 'c']);
  });
});
