import { afterAction } from '../calendar/timer-step';
import { WorkingDays } from '../calendar/working-days';
import { advanceCycle, CycleInput, rejectCycle, startCycle } from '../cycles/cycle-state';
import { openDeadlines, updateDeadline, withDeadlineItems } from '../cycles/deadlines';
import {
  cycleLightFacts,
  LightFacts,
  NO_LIGHT_FACTS,
  overdueForAt,
  oversightLight,
  stageCompletions,
  warningStartsAt,
  warningWindow,
} from './light';

/** Asia/Shanghai wall-clock instants. */
const at = (local: string) => Date.parse(`${local}+08:00`);

// 2026-10-01..07 a holiday week (国庆), 2026-10-10 (a Saturday) a make-up working day (调休).
const HOLIDAYS: Record<string, { working: boolean; name: string }> = {
  ...Object.fromEntries(
    ['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, { working: false, name: '国庆节' }]),
  ),
  '2026-10-10': { working: true, name: '国庆节调休' },
};
const days = new WorkingDays((date) => HOLIDAYS[date] ?? null);
const window3 = warningWindow(days);

const facts = (change: Partial<LightFacts>): LightFacts => ({ ...NO_LIGHT_FACTS, ...change });

describe('oversight light: blue within 3 working days of the due date', () => {
  // Due Monday 2026-11-16 17:00: the three working days before it are Wed 11, Thu 12, Fri 13.
  const due = at('2026-11-16T17:00:00');

  it('turns blue at the start of the third working day before the due date, the weekend not counted', () => {
    expect(warningStartsAt(due, days)).toBe(at('2026-11-11T00:00:00'));
    expect(oversightLight(facts({ dueAt: due }), at('2026-11-10T23:59:59.999'), window3)).toBe('none');
    expect(oversightLight(facts({ dueAt: due }), at('2026-11-11T00:00:00'), window3)).toBe('blue');
    expect(oversightLight(facts({ dueAt: due }), at('2026-11-14T10:00:00'), window3)).toBe('blue');
    expect(oversightLight(facts({ dueAt: due }), due, window3)).toBe('blue');
  });

  it('skips holidays and counts a make-up working day (调休)', () => {
    // Due Thu 2026-10-08: back over the holiday week to Tue 09-29, Wed 09-30 … three working days are 09-28, 09-29, 09-30.
    const afterHoliday = at('2026-10-08T12:00:00');
    expect(warningStartsAt(afterHoliday, days)).toBe(at('2026-09-28T00:00:00'));
    expect(oversightLight(facts({ dueAt: afterHoliday }), at('2026-09-27T23:00:00'), window3)).toBe('none');
    expect(oversightLight(facts({ dueAt: afterHoliday }), at('2026-09-28T00:00:00'), window3)).toBe('blue');
    // Due Tue 2026-10-13: Sat 10-10 is a working day, so the window opens on Thu 10-08, not earlier.
    const afterMakeUp = at('2026-10-13T12:00:00');
    expect(warningStartsAt(afterMakeUp, days)).toBe(at('2026-10-09T00:00:00'));
    expect(oversightLight(facts({ dueAt: afterMakeUp }), at('2026-10-08T23:59:59'), window3)).toBe('none');
    expect(oversightLight(facts({ dueAt: afterMakeUp }), at('2026-10-09T00:00:00'), window3)).toBe('blue');
  });

  it('uses another window when asked', () => {
    expect(warningStartsAt(due, days, 1)).toBe(at('2026-11-13T00:00:00'));
    expect(oversightLight(facts({ dueAt: due }), at('2026-11-12T12:00:00'), warningWindow(days, 1))).toBe('none');
  });

  it('has no light with nothing open', () => {
    expect(oversightLight(NO_LIGHT_FACTS, due + 1, window3)).toBe('none');
  });
});

describe('oversight light: red beats yellow beats blue', () => {
  const due = at('2026-11-16T17:00:00');
  const early = at('2026-11-02T09:00:00');

  it('is yellow when a reminder went unanswered or a rejection sent it back, even outside the window', () => {
    expect(oversightLight(facts({ dueAt: due, remindedUnanswered: true }), early, window3)).toBe('yellow');
    expect(oversightLight(facts({ dueAt: due, sentBack: true }), early, window3)).toBe('yellow');
    expect(oversightLight(facts({ dueAt: due, sentBack: true }), at('2026-11-12T09:00:00'), window3)).toBe('yellow');
  });

  it('is red once past the due instant, recorded or not, whatever else holds', () => {
    const all = facts({ dueAt: due, remindedUnanswered: true, sentBack: true });
    expect(oversightLight(all, due, window3)).toBe('yellow');
    expect(oversightLight(all, due + 1, window3)).toBe('red');
    expect(oversightLight(facts({ dueAt: due, overdueSince: due + 5 }), due + 10, window3)).toBe('red');
    expect(overdueForAt(facts({ dueAt: due }), due + 3_600_000)).toBe(3_600_000);
    expect(overdueForAt(facts({ dueAt: due }), due)).toBe(0);
  });
});

describe('light facts of a cycle', () => {
  const D = 86_400_000;
  const input: CycleInput = {
    cycleId: 'report-2026-x',
    kind: 'report',
    calendarId: 'c',
    calendarRevision: 1,
    organizationId: 'd',
    jurisdictionId: 'j',
    year: 2026,
    leaderId: null,
    due: {
      contributions: at('2026-11-16T17:00:00'),
      drafting: at('2026-11-30T17:00:00'),
      legality_review: at('2026-12-10T17:00:00'),
      sign_off: at('2026-12-20T17:00:00'),
      submission: at('2026-12-28T17:00:00'),
      publication: at('2026-12-30T17:00:00'),
    },
    reminders: ['P7D', 'P1D'],
    escalation: { after: 'P1D', every: 'P3D' },
    divisions: ['a', 'b'],
  };
  const start = at('2026-11-01T09:00:00');
  const by = { id: 'u', label: 'u' };

  it('counts a reminder sent and not acted on; not one passed over', () => {
    const s = withDeadlineItems(startCycle(input, start));
    expect(cycleLightFacts(s)).toEqual(facts({ dueAt: input.due.contributions }));
    const [a] = openDeadlines(s);
    updateDeadline(s, a.item, {
      timer: afterAction(a.timer, { kind: 'reminder', offset: 'P7D', at: start + 8 * D, skipped: [] }),
    });
    expect(cycleLightFacts(s).remindedUnanswered).toBe(true);
    expect(oversightLight(cycleLightFacts(s), start + 8 * D, window3)).toBe('yellow');
    // Division a hands in: its reminder is answered, b was never reminded.
    s.contributions.push({ divisionId: 'a', at: start + 9 * D, late: false, by });
    expect(cycleLightFacts(s).remindedUnanswered).toBe(false);
    const [b] = openDeadlines(s);
    updateDeadline(s, b.item, { timer: afterAction(b.timer, { kind: 'pass-over', offsets: ['P7D'] }) });
    expect(cycleLightFacts(s).remindedUnanswered).toBe(false);
  });

  it('takes the earliest due date and overdue instant of the open deadlines', () => {
    const s = withDeadlineItems(startCycle(input, start));
    const later = input.due.contributions! + 5 * D;
    s.items![1].dueAt = later;
    updateDeadline(s, s.items![0].item, { overdueSince: input.due.contributions! + 1 });
    expect(cycleLightFacts(s)).toEqual(
      facts({ dueAt: input.due.contributions, overdueSince: input.due.contributions! + 1 }),
    );
  });

  it('marks drafting sent back by a rejection, and not the second review after it', () => {
    const s = startCycle({ ...input, divisions: [] }, start);
    advanceCycle(s, start + D, { outcome: 'advanced', by, at: start + D });
    expect(s.stage).toBe('legality_review');
    expect(cycleLightFacts(s).sentBack).toBe(false);
    rejectCycle(s, start + 2 * D, { outcome: 'rejected', by, at: start + 2 * D }, at('2026-12-05T23:59:59'));
    expect(s.stage).toBe('drafting');
    expect(cycleLightFacts(s)).toEqual(facts({ dueAt: at('2026-12-05T23:59:59'), sentBack: true }));
    expect(oversightLight(cycleLightFacts(s), start + 2 * D, window3)).toBe('yellow');
    advanceCycle(s, start + 3 * D, { outcome: 'advanced', by, at: start + 3 * D });
    expect(s.stage).toBe('legality_review');
    expect(cycleLightFacts(s).sentBack).toBe(false);
  });

  it('has nothing open once completed', () => {
    const s = startCycle({ ...input, divisions: [] }, start);
    for (let i = 0; i < 5; i++) advanceCycle(s, start + i * D, { outcome: 'advanced', by, at: start + i * D });
    expect(s.stage).toBe('completed');
    expect(cycleLightFacts(s)).toEqual(NO_LIGHT_FACTS);
  });
});

describe('stage completions', () => {
  it('lists stages advanced, on time when ended by their due instant; not skipped, nor to be done again', () => {
    const due = { contributions: 10, drafting: 20, legality_review: 30, sign_off: 40, submission: 50, publication: 60 };
    const s = startCycle(
      {
        cycleId: 'r',
        kind: 'report',
        calendarId: 'c',
        calendarRevision: 1,
        organizationId: 'd',
        jurisdictionId: 'j',
        year: 2026,
        leaderId: null,
        due,
        reminders: [],
        escalation: { after: 'P1D', every: 'P3D' },
        divisions: [],
      },
      0,
    );
    const by = null;
    advanceCycle(s, 20, { outcome: 'advanced', by, at: 20 });
    advanceCycle(s, 31, { outcome: 'advanced', by, at: 31 });
    expect(stageCompletions(s)).toEqual([
      { stage: 'drafting', onTime: true },
      { stage: 'legality_review', onTime: false },
    ]);
    rejectCycle(s, 36, { outcome: 'rejected', by, at: 36 }, 100);
    expect(stageCompletions(s)).toEqual([]);
  });
});
