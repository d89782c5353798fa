import { timerPlan } from './timer-plan';
import {
  afterAction,
  afterDueMoved,
  afterReminderRound,
  NO_TIMER_PROGRESS,
  TimerProgress,
  timerStep,
} from './timer-step';
import { formatDuration } from './duration';

const H = 3_600_000;
const D = 24 * H;
const due = Date.parse('2027-02-26T18:00:00+08:00');
const plan = timerPlan(due, ['P7D', 'P3D', 'P1D', 'PT0S'], { after: 'P1D', every: 'P3D' });

/** Runs the workflow's loop against a clock that jumps to each wake-up, collecting what fires. */
function simulate(from: number, until: number, progress: TimerProgress = NO_TIMER_PROGRESS) {
  const fired: string[] = [];
  let now = from;
  while (now <= until) {
    const step = timerStep(plan, progress, now);
    if (step.actions.length > 0) {
      const action = step.actions[0];
      fired.push(
        action.kind === 'reminder'
          ? `reminder ${action.offset}${action.skipped.length ? ` (skipped ${action.skipped.join(',')})` : ''}`
          : action.kind === 'escalation'
            ? `escalation ${action.round}`
            : action.kind,
      );
      progress = afterAction(progress, action);
      continue;
    }
    now = step.nextAt;
  }
  return { fired, progress };
}

describe('timerStep', () => {
  it('fires every reminder at its instant, then overdue, then the escalation ladder', () => {
    const first = timerStep(plan, NO_TIMER_PROGRESS, due - 10 * D);
    expect(first.actions).toEqual([]);
    expect(first.nextAt).toBe(due - 7 * D);
    const { fired } = simulate(due - 10 * D, due + 8 * D);
    expect(fired).toEqual([
      'reminder P7D',
      'reminder P3D',
      'reminder P1D',
      'reminder PT0S',
      'overdue',
      'escalation 1',
      'escalation 2',
      'escalation 3',
    ]);
  });

  it('wakes exactly at each instant', () => {
    let progress = NO_TIMER_PROGRESS;
    const wakeUps: number[] = [];
    let now = due - 10 * D;
    while (wakeUps.length < 7) {
      const step = timerStep(plan, progress, now);
      if (step.actions.length) {
        progress = afterAction(progress, step.actions[0]);
        continue;
      }
      wakeUps.push(step.nextAt);
      now = step.nextAt;
    }
    expect(wakeUps).toEqual([due - 7 * D, due - 3 * D, due - D, due, due + 1, due + D, due + 4 * D]);
  });

  it('sends only the latest of several reminders that passed unsent (a stage that began late)', () => {
    const step = timerStep(plan, NO_TIMER_PROGRESS, due - 2 * D);
    expect(step.actions).toEqual([{ kind: 'reminder', offset: 'P3D', at: due - 3 * D, skipped: ['P7D'] }]);
    const { fired } = simulate(due - 2 * D, due - 1);
    expect(fired).toEqual(['reminder P3D (skipped P7D)', 'reminder P1D']);
  });

  it('never repeats a reminder after a re-timing moves the due date later', () => {
    const { progress } = simulate(due - 10 * D, due - 2 * D);
    expect(progress.remindersDone).toEqual(['P7D', 'P3D']);
    const later = timerPlan(due + 5 * D, ['P7D', 'P3D', 'P1D', 'PT0S'], { after: 'P1D', every: 'P3D' });
    const step = timerStep(later, progress, due - 2 * D);
    // P7D and P3D before the new date are already done; next is P1D before the new date.
    expect(step.actions).toEqual([]);
    expect(step.nextAt).toBe(due + 4 * D);
  });

  it('moves the next reminder when the due date moves one hour later', () => {
    const before = timerStep(plan, NO_TIMER_PROGRESS, due - 8 * D);
    const moved = timerPlan(due + H, ['P7D', 'P3D', 'P1D', 'PT0S'], { after: 'P1D', every: 'P3D' });
    const after = timerStep(moved, NO_TIMER_PROGRESS, due - 8 * D);
    expect(after.nextAt - before.nextAt).toBe(H);
  });

  it('passes over pending reminders once the stage is recorded overdue, and merges missed escalation rounds', () => {
    const progress: TimerProgress = {
      ...NO_TIMER_PROGRESS,
      remindersDone: ['P7D'],
      overdueRecorded: true,
      overduePeriod: 1,
    };
    const step = timerStep(plan, progress, due + 8 * D);
    expect(step.actions).toEqual([
      { kind: 'pass-over', offsets: ['P3D', 'P1D', 'PT0S'] },
      { kind: 'escalation', round: 3, at: due + 7 * D, skipped: [1, 2] },
    ]);
    expect(step.nextAt).toBe(due + 10 * D);
  });

  it('records overdue just after the due instant, not at it', () => {
    const atDue = timerStep(plan, { ...NO_TIMER_PROGRESS, remindersDone: ['P7D', 'P3D', 'P1D', 'PT0S'] }, due);
    expect(atDue.actions).toEqual([]);
    expect(atDue.nextAt).toBe(due + 1);
  });
});

describe('afterDueMoved', () => {
  it('starts the ladder again, and gives back passed-over reminders, when an overdue stage is extended', () => {
    // Overdue since before a re-timing put the later reminders into the past: they are passed over.
    const { progress } = simulate(due + 5 * D - 1, due + 5 * D, {
      ...NO_TIMER_PROGRESS,
      remindersDone: ['P7D'],
      overdueRecorded: true,
      overduePeriod: 1,
    });
    expect(progress).toMatchObject({ overdueRecorded: true, overduePeriod: 1, escalationRound: 2 });
    expect(progress.passedOver).toEqual(['P3D', 'P1D', 'PT0S']);

    const now = due + 5 * D;
    const extendedDue = now + 2 * D;
    const moved = afterDueMoved(progress, extendedDue, now);
    expect(moved).toEqual({
      remindersDone: ['P7D'],
      passedOver: [],
      overdueRecorded: false,
      overduePeriod: 1,
      escalationRound: 0,
    });
    const extended = timerPlan(extendedDue, ['P7D', 'P3D', 'P1D', 'PT0S'], { after: 'P1D', every: 'P3D' });
    // P3D before the new date has passed: it is sent now (once); P1D follows at its instant.
    const step = timerStep(extended, moved, now);
    expect(step.actions).toEqual([{ kind: 'reminder', offset: 'P3D', at: extendedDue - 3 * D, skipped: [] }]);
    // Overdue again later: a new period, escalation round 1 again, one `after` past the new due date.
    const again = afterAction(
      { ...moved, remindersDone: ['P7D', 'P3D', 'P1D', 'PT0S'] },
      { kind: 'overdue', at: extendedDue + 1 },
    );
    expect(again).toMatchObject({ overduePeriod: 2, escalationRound: 0 });
    expect(timerStep(extended, again, extendedDue + 2).nextAt).toBe(extendedDue + D);
  });

  it('changes nothing while the stage stays overdue or was not overdue', () => {
    const overdue = { ...NO_TIMER_PROGRESS, overdueRecorded: true, overduePeriod: 1, escalationRound: 3 };
    expect(afterDueMoved(overdue, due, due + D)).toBe(overdue);
    expect(afterDueMoved(NO_TIMER_PROGRESS, due + D, due)).toBe(NO_TIMER_PROGRESS);
  });
});

describe('afterReminderRound', () => {
  const reminders = ['P7D', 'P3D', 'P1D', 'PT0S'];
  const escalation = { after: 'P1D', every: 'P3D' };

  it('records the reminder sent when the due date held while it was out', () => {
    const [action] = timerStep(plan, NO_TIMER_PROGRESS, due - 7 * D).actions;
    expect(action).toMatchObject({ kind: 'reminder', offset: 'P7D' });
    const progress = afterReminderRound(NO_TIMER_PROGRESS, action as never, due, due);
    expect(progress.remindersDone).toEqual(['P7D']);
    expect(timerStep(plan, progress, due - 7 * D).actions).toEqual([]);
  });

  it('re-plans when the due date was extended while the reminder was out: the new date gets its own reminders', () => {
    // The P1D reminder for the old date goes out; meanwhile the stage is extended by five days.
    const sentAt = due - D;
    const [action] = timerStep(plan, { ...NO_TIMER_PROGRESS, remindersDone: ['P7D', 'P3D'] }, sentAt).actions;
    expect(action).toEqual({ kind: 'reminder', offset: 'P1D', at: sentAt, skipped: [] });
    const extendedDue = due + 5 * D;
    const before = { ...NO_TIMER_PROGRESS, remindersDone: ['P7D', 'P3D'] };
    const progress = afterReminderRound(
      before,
      action as Extract<typeof action, { kind: 'reminder' }>,
      due,
      extendedDue,
    );
    expect(progress).toEqual(before);
    // Counting it as sent (as before this rule) would have left the new date without its P1D reminder.
    const counted = afterAction(before, action);
    const extended = timerPlan(extendedDue, reminders, escalation);
    expect(timerStep(extended, counted, sentAt + 1).nextAt).toBe(extendedDue);

    // The new plan: P1D before the new date fires at its instant, then PT0S, then the overdue event.
    const fired: string[] = [];
    let now = sentAt + 1;
    let current = progress;
    while (now <= extendedDue + 1) {
      const step = timerStep(extended, current, now);
      if (step.actions.length === 0) {
        now = step.nextAt;
        continue;
      }
      const next = step.actions[0];
      fired.push(next.kind === 'reminder' ? `reminder ${next.offset} at ${(next.at - extendedDue) / D}D` : next.kind);
      current = afterAction(current, next);
    }
    expect(fired).toEqual(['reminder P1D at -1D', 'reminder PT0S at 0D', 'overdue']);
  });

  it('sends at once a re-planned reminder whose new instant has already passed', () => {
    const [action] = timerStep(plan, { ...NO_TIMER_PROGRESS, remindersDone: ['P7D', 'P3D'] }, due - D).actions;
    const extendedDue = due + H;
    const progress = afterReminderRound(
      { ...NO_TIMER_PROGRESS, remindersDone: ['P7D', 'P3D'] },
      action as Extract<typeof action, { kind: 'reminder' }>,
      due,
      extendedDue,
    );
    const extended = timerPlan(extendedDue, reminders, escalation);
    // The round came back two hours later: the new P1D instant (one hour after the old one) has passed,
    // so the reminder naming the new date goes out now.
    expect(timerStep(extended, progress, due - D + 2 * H).actions).toEqual([
      { kind: 'reminder', offset: 'P1D', at: extendedDue - D, skipped: [] },
    ]);
  });
});

describe('formatDuration', () => {
  it('writes spans as ISO-8601 durations', () => {
    expect(formatDuration(0)).toBe('PT0S');
    expect(formatDuration(93_784_000)).toBe('P1DT2H3M4S');
    expect(formatDuration(2 * D)).toBe('P2D');
    expect(formatDuration(90_000)).toBe('PT1M30S');
  });
});
