import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  advanceUpdate,
  cancelUpdate,
  contributeUpdate,
  cycleStateQuery,
  evaluateUpdate,
  extendUpdate,
  retimeSignal,
} from '@rol/contracts';
import { CycleInput, SendWindow, shanghaiDate, withShufaDefaults } from '@rol/domain';
import { ensureSearchAttributes } from '@rol/temporal';
import { temporalAddress, workflowBundle } from '../helpers/test-system';
import { ActivityCall, recordingActivities, reportCycleInput, shufaCycleInput } from './workflow-fixtures';

/**
 * The workflow tier: the cycle workflow on the local dev server, against stub activities that only
 * record when they were called. Timer logic in seconds, without HTTP, PostgreSQL or SMTP.
 */
const S = 1000;
/** How late a timer may fire on a busy 2-core machine and still count as on time. */
const SLACK = 2.5 * S;

describe('the cycle workflow against stub activities (workflow tier)', () => {
  let connection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `workflow-tier-${randomBytes(4).toString('hex')}`;
  const { activities, calls } = recordingActivities();

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    running = worker.run();
    clientConnection = await Connection.connect({ address: temporalAddress() });
    // The cycles set these (the API and the worker register them at start).
    await ensureSearchAttributes(clientConnection, 'default');
    client = new Client({ connection: clientConnection });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await clientConnection?.close();
    await connection?.close();
  });

  const start = async (dueIn: number, settings: Partial<Pick<CycleInput, 'reminders' | 'escalation'>> = {}) => {
    const input = reportCycleInput(Date.now() + dueIn, settings);
    const handle = await client.workflow.start('reportCycleWorkflow', {
      taskQueue,
      workflowId: input.cycleId,
      args: [input],
    });
    return { handle, cycleId: input.cycleId, due: input.due as Record<'drafting', number> };
  };
  const stop = async (cycleId: string) => {
    await client.workflow
      .getHandle(cycleId)
      .executeUpdate(cancelUpdate, { args: [{ actor: { id: null, label: 'test' }, reason: '测试结束' }] });
  };
  const callsOf = (cycleId: string, activity: ActivityCall['activity']) =>
    calls.filter((c) => c.cycleId === cycleId && c.activity === activity);
  const until = async (check: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const onTime = (at: number, planned: number) => {
    expect(at).toBeGreaterThanOrEqual(planned - 50);
    expect(at).toBeLessThan(planned + SLACK);
  };

  it('reminds before the open stage’s due instant, marks it overdue at it, then escalates after and every', async () => {
    const { cycleId, due } = await start(4 * S);
    await until(() => callsOf(cycleId, 'escalate').length >= 2, 20 * S);
    const [reminder] = callsOf(cycleId, 'remind');
    expect(reminder.input).toMatchObject({ stage: 'drafting', offset: 'PT2S', dueAt: due.drafting });
    onTime(reminder.at, due.drafting - 2 * S);
    const overdue = callsOf(cycleId, 'persist').find((c) =>
      JSON.stringify(c.input.changes ?? []).includes('stage.overdue'),
    );
    expect(overdue).toBeDefined();
    onTime(overdue!.at, due.drafting);
    const [first, second] = callsOf(cycleId, 'escalate');
    expect([first.input.round, second.input.round]).toEqual([1, 2]);
    onTime(first.at, due.drafting + 2 * S);
    onTime(second.at, due.drafting + 4 * S);
    expect(callsOf(cycleId, 'remind')).toHaveLength(1);
    await stop(cycleId);
  });

  it('an extension re-plans the stage: no reminder for the old instant, one for the new', async () => {
    const { handle, cycleId, due } = await start(4 * S);
    const newDue = due.drafting + 5 * S;
    await handle.executeUpdate(extendUpdate, {
      args: [{ stage: 'drafting', dueAt: newDue, reason: '延期', actor: { id: null, label: 'test' } }],
    });
    await until(() => callsOf(cycleId, 'remind').length >= 1, 15 * S);
    const [reminder] = callsOf(cycleId, 'remind');
    expect(reminder.input.dueAt).toBe(newDue);
    onTime(reminder.at, newDue - 2 * S);
    expect((await handle.query(cycleStateQuery)).dueAt).toBe(newDue);
    await stop(cycleId);
  });

  it('a 述法 cycle takes no contribution: only a report collects its divisions’ material', async () => {
    const input = shufaCycleInput({
      shufa_writing: Date.now() + 60 * S,
      shufa_materials_review: Date.now() + 120 * S,
      shufa_evaluation: Date.now() + 180 * S,
      shufa_rectification: Date.now() + 240 * S,
    });
    const handle = await client.workflow.start('shufaCycleWorkflow', {
      taskQueue,
      workflowId: input.cycleId,
      args: [input],
    });
    const refused = await handle
      .executeUpdate(contributeUpdate, { args: [{ divisionId: randomUUID(), actor: { id: null, label: 'test' } }] })
      .then(
        () => null,
        (e: unknown) => e as WorkflowUpdateFailedError,
      );
    // Refused as an update the cycle does not have at all, not by a stage check.
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refused?.cause?.message).toContain('No registered handler for update: contribute');
    expect((refused?.cause as ApplicationFailure).type).not.toBe('STAGE_MISMATCH');
    expect((await handle.query(cycleStateQuery)).stage).toBe('shufa_writing');
    await stop(input.cycleId);
  });

  it('a calendar change of a newer revision re-times the stage; an older one is ignored', async () => {
    const { handle, cycleId, due } = await start(30 * S, { reminders: ['PT2S'] });
    const moved = Date.now() + 4 * S;
    await handle.signal(retimeSignal, {
      revision: 2,
      due: { drafting: moved },
      reminders: ['PT2S'],
      escalation: { after: 'PT1H', every: 'PT1H' },
      reason: '日历调整',
      actor: { id: null, label: 'test' },
    });
    await handle.signal(retimeSignal, {
      revision: 1,
      due: { drafting: due.drafting },
      reminders: ['PT2S'],
      escalation: { after: 'PT1H', every: 'PT1H' },
      reason: '旧的调整',
      actor: { id: null, label: 'test' },
    });
    await until(() => callsOf(cycleId, 'remind').length >= 1, 15 * S);
    const [reminder] = callsOf(cycleId, 'remind');
    expect(reminder.input.dueAt).toBe(moved);
    onTime(reminder.at, moved - 2 * S);
    const state = await handle.query(cycleStateQuery);
    expect({ dueAt: state.dueAt, revision: state.calendarRevision }).toEqual({ dueAt: moved, revision: 2 });
    await stop(cycleId);
  });
  it('each division’s part is a deadline item: own reminders, own overdue event and ladder, extended on its own', async () => {
    const report = reportCycleInput(Date.now() + 120 * S);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const due = Date.now() + 5 * S;
    const input: CycleInput = { ...report, due: { ...report.due, contributions: due }, divisions: [a, b, c] };
    const handle = await client.workflow.start('reportCycleWorkflow', {
      taskQueue,
      workflowId: input.cycleId,
      args: [input],
    });
    const actor = { id: null, label: 'test' };
    // b gets 6 more seconds on its own; c hands in early; a stays on the stage's date.
    await handle.executeUpdate(extendUpdate, {
      args: [{ stage: 'contributions', divisionId: b, dueAt: due + 6 * S, reason: '处室人员调整', actor }],
    });
    await handle.executeUpdate(contributeUpdate, { args: [{ divisionId: c, actor }] });
    const cycleId = input.cycleId;
    const overdueEvents = () =>
      callsOf(cycleId, 'persist')
        .flatMap(
          (call) =>
            (call.input.changes ?? []) as { events: { action: string; after: { pendingDivisions?: string[] } }[] }[],
        )
        .flatMap((change) => change.events)
        .filter((event) => event.action === 'stage.overdue');
    const seen = (events: ReturnType<typeof overdueEvents>) => [
      ...new Set(events.map((e) => JSON.stringify(e.after.pendingDivisions))),
    ];
    await until(
      () => seen(overdueEvents()).length >= 2 && callsOf(cycleId, 'escalate').some((e) => e.input.divisionId === b),
      25 * S,
    );

    const reminders = callsOf(cycleId, 'remind');
    expect(reminders.map((r) => [r.input.divisionId, r.input.dueAt, r.input.pendingDivisions])).toEqual([
      [a, due, [a]],
      [b, due + 6 * S, [b]],
    ]);
    onTime(reminders[0].at, due - 2 * S);
    onTime(reminders[1].at, due + 4 * S);
    // Late one by one, each overdue event names only the division that is late.
    expect(seen(overdueEvents())).toEqual([JSON.stringify([a]), JSON.stringify([b])]);
    const escalations = callsOf(cycleId, 'escalate');
    const firstOf = (division: string) => escalations.find((e) => e.input.divisionId === division)!;
    expect(firstOf(a).input).toMatchObject({ round: 1, dueAt: due });
    onTime(firstOf(a).at, due + 2 * S);
    expect(firstOf(b).input).toMatchObject({ round: 1, dueAt: due + 6 * S });
    onTime(firstOf(b).at, due + 8 * S);
    expect(escalations.some((e) => e.input.divisionId === c)).toBe(false);

    const state = await handle.query(cycleStateQuery);
    expect(state.overdue).toBe(true);
    expect(state.contributions).toEqual([expect.objectContaining({ divisionId: c, late: false })]);
    await stop(cycleId);
  });
  it('a 述法 evaluation closes at its due date: the result of who scored, the rest missing and escalated once', async () => {
    const panel = [randomUUID(), randomUUID(), randomUUID()];
    const due = Date.now() + 8 * S;
    const input = shufaCycleInput(
      {
        shufa_writing: Date.now() + 600 * S,
        shufa_materials_review: Date.now() + 700 * S,
        shufa_evaluation: due,
        shufa_rectification: Date.now() + 900 * S,
      },
      {
        reminders: ['PT2S'],
        escalation: { after: 'PT1S', every: 'PT2S' },
        shufa: withShufaDefaults({ panel: panel.map((userId) => ({ userId, type: 'npc_deputy' as const })) }),
      },
    );
    const cycleId = input.cycleId;
    const handle = await client.workflow.start('shufaCycleWorkflow', { taskQueue, workflowId: cycleId, args: [input] });
    const office = { id: randomUUID(), label: '依法治区办' };
    for (const stage of ['shufa_writing', 'shufa_materials_review'] as const) {
      await handle.executeUpdate(advanceUpdate, { args: [{ stage, actor: office, comment: null, details: {} }] });
    }
    const marks = (score: number) => ({
      scores: { 学法用法: score, 依法决策: score, 推进法治建设: score, 述法质量: score },
    });
    for (const [i, score] of [
      [0, 92],
      [1, 84],
    ] as const) {
      await handle.executeUpdate(evaluateUpdate, {
        args: [{ actor: { id: panel[i], label: `评议人${i + 1}` }, marks: marks(score), comment: null }],
      });
    }
    const events = () =>
      callsOf(cycleId, 'persist').flatMap((call) =>
        ((call.input.changes ?? []) as { events: { action: string; after: Record<string, unknown> }[] }[]).flatMap(
          (change) => change.events.map((event) => ({ ...event, at: call.at })),
        ),
      );
    const escalations = () => callsOf(cycleId, 'escalate').filter((c) => c.input.stage === 'shufa_evaluation');
    await until(() => escalations().length >= 1, 20 * S);
    // A later round would come 2 s after the first: none does, the evaluation is closed.
    await new Promise((r) => setTimeout(r, 4 * S));

    // The reminder before the due date went to the one member yet to score.
    const reminders = callsOf(cycleId, 'remind');
    expect(reminders.map((r) => [r.input.stage, r.input.evaluators])).toEqual([['shufa_evaluation', [panel[2]]]]);
    onTime(reminders[0].at, due - 2 * S);
    const closed = events().find((e) => e.action === 'shufa.evaluation_closed')!;
    onTime(closed.at, due);
    // Two of three scored: quorum ⅔ met, mean of 92 and 84, no extremes dropped below five.
    expect(closed.after).toMatchObject({ score: 88, grade: '良好', insufficient: false, missing: [panel[2]] });
    expect(events().filter((e) => e.action === 'stage.overdue')).toEqual([]);
    const advanced = events().filter((e) => e.action === 'stage.advanced');
    expect(advanced.map((e) => e.after.stage)).toEqual([
      'shufa_materials_review',
      'shufa_evaluation',
      'shufa_rectification',
    ]);
    expect(advanced[2]).toMatchObject({ at: closed.at, after: { details: { evaluationClosed: 'due' } } });
    expect(escalations().map((e) => [e.input.evaluators, e.input.round])).toEqual([[[panel[2]], 1]]);
    onTime(escalations()[0].at, due);

    // Late marks are refused; the cycle is in rectification.
    const late = await handle
      .executeUpdate(evaluateUpdate, {
        args: [{ actor: { id: panel[2], label: '评议人3' }, marks: marks(60), comment: null }],
      })
      .then(
        () => null,
        (e: unknown) => e as WorkflowUpdateFailedError,
      );
    expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((late?.cause as ApplicationFailure).type).toBe('CONFLICT');
    expect((await handle.query(cycleStateQuery)).stage).toBe('shufa_rectification');
    await stop(cycleId);
  });
  it('quiet hours: a reminder planned outside office hours waits for the next working period', async () => {
    // Office hours open at the start of the next Asia/Shanghai minute (at least 8 s away) for one minute;
    // today and tomorrow are working days whatever the weekday.
    const minute = 60 * S;
    let opens = Math.ceil((Date.now() + 1) / minute) * minute;
    if (opens - Date.now() < 8 * S) opens += minute;
    const hhmm = (at: number) => new Date(at + 8 * 3600 * S).toISOString().slice(11, 16);
    const today = shanghaiDate(new Date(opens));
    if (hhmm(opens) === '23:59') opens += minute; // no one-minute period across midnight
    const window: SendWindow = {
      from: hhmm(opens),
      to: hhmm(opens + minute),
      firstDate: today,
      lastDate: today,
      exceptions: { [today]: true },
    };
    const input = { ...reportCycleInput(Date.now() + 600 * S, { reminders: ['PT597S'] }), sendWindow: window };
    // The reminder is planned 3 s from now, before the office opens: it goes out at the opening.
    await client.workflow.start('reportCycleWorkflow', { taskQueue, workflowId: input.cycleId, args: [input] });
    const cycleId = input.cycleId;
    await until(() => callsOf(cycleId, 'remind').length >= 1, opens - Date.now() + 15 * S);
    const [reminder] = callsOf(cycleId, 'remind');
    expect(reminder.input).toMatchObject({ offset: 'PT597S', dueAt: input.due.drafting });
    onTime(reminder.at, opens);
    expect(callsOf(cycleId, 'remind')).toHaveLength(1);
    await stop(cycleId);
  }, 100_000);
});
