import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  advanceCycle,
  cancelCycle,
  withDefaults,
  afterAction,
  afterDueMoved,
  CalendarStage,
  pendingDivisions,
  REJECT_TARGET,
  rejectCycle,
  stageActionProblem,
  CycleInput,
  CycleSnapshot,
  CycleStageState,
  openStage,
  startCycle,
  STAGE_LABELS,
  TimerAction,
  timerPlan,
  timerStep,
} from '@rol/domain';
import {
  AdvanceRequest,
  advanceUpdate,
  CancelRequest,
  cancelUpdate,
  ContributeRequest,
  contributeUpdate,
  CycleActivities,
  CycleEvent,
  cycleStateQuery,
  ExtendRequest,
  extendUpdate,
  RetimeRequest,
  RejectRequest,
  rejectUpdate,
  retimeSignal,
  SA_OVERDUE,
  SA_STAGE,
  StageNoticeInput,
} from '@rol/contracts';

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;

const { persistCycle } = proxyActivities<CycleActivities>({ startToCloseTimeout: '1 minute', retry: RETRY });
// SMTP or the database being down is a passing fault: keep trying with backoff, never drop a notice.
// A round heartbeats per mail (one send gives up within ~50 s): a killed worker's round is retried
// about a minute later.
const { remindStage, escalateStage } = proxyActivities<CycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '75 seconds',
  retry: RETRY,
});

/** One department's yearly 法治政府建设年度报告. */
export async function reportCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  return runCycle(input);
}

/** One principal leader's yearly 述法. */
export async function shufaCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  return runCycle(input);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function refused(
  type: 'VALIDATION_FAILED' | 'STAGE_MISMATCH' | 'CONFLICT',
  message: string,
  field?: string,
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: field ? [{ fields: [{ field, problems: [message] }] }] : [],
  });
}

/**
 * The cycle engine shared by both kinds: holds every stage's due instant, and for the open stage
 * fires reminders, the overdue event and escalations from durable timers (`condition` with a
 * timeout), following calendar changes and extensions at once. Stage actions by people come with
 * the report-cycle issue; until then the first stage stays open.
 */
async function runCycle(input: CycleInput): Promise<CycleSnapshot> {
  // Workflow time (Date.now) is deterministic: it is the time of the event being replayed.
  const state: CycleSnapshot = input.resume ? withDefaults(input.resume) : startCycle(input, Date.now());
  let version = 0;
  const retimes: RetimeRequest[] = [];

  // Projection writes go out one at a time, in seq order, whichever handler asks for them.
  let persisting: Promise<unknown> = Promise.resolve();
  const persist = (events: CycleEvent[]): Promise<unknown> => {
    state.seq += 1;
    const snapshot = JSON.parse(JSON.stringify(state)) as CycleSnapshot;
    const write = persisting.then(() => persistCycle({ snapshot, events }));
    persisting = write.catch(() => undefined);
    return write;
  };

  const setOverdue = (overdue: boolean) => {
    state.overdue = overdue;
    upsertSearchAttributes([{ key: SA_OVERDUE, value: overdue }]);
  };

  /** The open stage's due instant moved: its timers re-plan, and it may no longer be overdue. */
  const dueMoved = (stage: CycleStageState) => {
    if (stage.stage !== state.stage) return;
    state.dueAt = stage.dueAt;
    const before = state.timer;
    state.timer = afterDueMoved(state.timer, stage.dueAt, Date.now());
    if (state.timer !== before) {
      stage.overdueSince = null;
      setOverdue(false);
    }
  };

  const dues = () => Object.fromEntries(state.stages.map((s) => [s.stage, iso(s.dueAt)]));

  /** Refuses an action meant for another stage than the open one (before anything reaches history). */
  const assertOpen = (stage: CalendarStage) => {
    const problem = stageActionProblem(state, stage);
    if (problem) throw refused(problem.code, problem.message);
  };

  /** A stage change by a person: state changes at once (a concurrent second request is refused), then persists. */
  const transition = async (
    action: string,
    change: () => void,
    event: Omit<CycleEvent, 'action'>,
    earlier: CycleEvent[] = [],
  ): Promise<CycleSnapshot> => {
    const from = state.stage;
    change();
    upsertSearchAttributes([
      { key: SA_STAGE, value: state.stage },
      { key: SA_OVERDUE, value: false },
    ]);
    version++;
    await persist([
      ...earlier,
      { ...event, action, before: { stage: from }, after: { stage: state.stage, ...(event.after as object) } },
    ]);
    return state;
  };

  setHandler(
    advanceUpdate,
    (request: AdvanceRequest) =>
      transition(
        'stage.advanced',
        () =>
          advanceCycle(state, Date.now(), {
            outcome: 'advanced',
            by: request.actor,
            at: Date.now(),
            comment: request.comment,
            details: request.details,
          }),
        { actor: request.actor, reason: request.comment, after: { details: request.details } },
      ),
    { validator: (request: AdvanceRequest) => assertOpen(request.stage) },
  );

  setHandler(
    rejectUpdate,
    (request: RejectRequest) =>
      transition(
        'stage.rejected',
        () =>
          rejectCycle(
            state,
            Date.now(),
            { outcome: 'rejected', by: request.actor, at: Date.now(), comment: request.reason },
            request.reworkDueAt,
          ),
        {
          actor: request.actor,
          reason: request.reason,
          after: { rework: state.rework + 1, dueAt: iso(request.reworkDueAt) },
        },
      ),
    {
      validator: (request: RejectRequest) => {
        assertOpen(request.stage);
        if (!REJECT_TARGET[request.stage]) {
          throw refused('STAGE_MISMATCH', `「${STAGE_LABELS[request.stage]}」阶段不能退回`);
        }
        if (typeof request.reason !== 'string' || !request.reason.trim()) {
          throw refused('VALIDATION_FAILED', '退回必须说明理由', 'reason');
        }
      },
    },
  );

  setHandler(
    contributeUpdate,
    async (request: ContributeRequest) => {
      const now = Date.now();
      const late = now > state.stages[0].dueAt;
      state.contributions.push({ divisionId: request.divisionId, at: now, late, by: request.actor });
      const event: CycleEvent = {
        action: 'contribution.received',
        actor: request.actor,
        after: { divisionId: request.divisionId, late },
      };
      if (pendingDivisions(state).length > 0) {
        version++;
        await persist([event]);
        return state;
      }
      // The last division: collection closes in the same step (no other update can come in between).
      return transition(
        'stage.advanced',
        () => advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment: '各处室材料已全部报送' }),
        { after: { details: { allDivisionsContributed: true } } },
        [event],
      );
    },
    {
      validator: (request: ContributeRequest) => {
        assertOpen('contributions');
        if (!state.divisions.includes(request.divisionId)) {
          throw refused('VALIDATION_FAILED', '该处室不属于本部门', 'divisionId');
        }
        if (state.contributions.some((c) => c.divisionId === request.divisionId)) {
          throw refused('CONFLICT', '该处室已报送材料');
        }
      },
    },
  );

  setHandler(
    cancelUpdate,
    (request: CancelRequest) =>
      transition(
        'cycle.cancelled',
        () =>
          cancelCycle(state, Date.now(), {
            outcome: 'cancelled',
            by: request.actor,
            at: Date.now(),
            comment: request.reason,
          }),
        { actor: request.actor, reason: request.reason },
      ),
    {
      validator: (request: CancelRequest) => {
        if (!openStage(state)) throw refused('STAGE_MISMATCH', '流程已结束，不能取消');
        if (typeof request?.reason !== 'string' || !request.reason.trim()) {
          throw refused('VALIDATION_FAILED', '取消必须说明理由', 'reason');
        }
      },
    },
  );

  setHandler(cycleStateQuery, () => state);
  setHandler(retimeSignal, (request) => {
    retimes.push(request);
  });
  setHandler(
    extendUpdate,
    async (request: ExtendRequest) => {
      const stage = state.stages.find((s) => s.stage === request.stage) as CycleStageState;
      const before = stage.dueAt;
      // Applied at once, even while a reminder is being sent: one sent for the old date counts as
      // sent (as after a calendar change); the loop re-plans as soon as the send returns.
      stage.dueAt = request.dueAt;
      stage.extended = true;
      dueMoved(stage);
      version++;
      await persist([
        {
          action: 'cycle.extended',
          actor: request.actor,
          reason: request.reason,
          before: { stage: stage.stage, dueAt: iso(before) },
          after: { stage: stage.stage, dueAt: iso(stage.dueAt) },
        },
      ]);
      return state;
    },
    {
      validator: (request: ExtendRequest) => {
        if (typeof request !== 'object' || request === null) throw refused('VALIDATION_FAILED', '请求不完整');
        const stage = state.stages.find((s) => s.stage === request.stage);
        if (!stage) throw refused('VALIDATION_FAILED', `该周期没有阶段：${request.stage}`, 'stage');
        if (stage.endedAt !== null || openStage(state) === null) {
          throw refused('STAGE_MISMATCH', `「${STAGE_LABELS[stage.stage]}」阶段已结束，不能延期`);
        }
        if (typeof request.dueAt !== 'number' || !Number.isFinite(request.dueAt) || request.dueAt <= Date.now()) {
          throw refused('VALIDATION_FAILED', '新的截止时间必须晚于当前时间', 'dueAt');
        }
        if (typeof request.reason !== 'string' || !request.reason.trim()) {
          throw refused('VALIDATION_FAILED', '延期必须说明理由', 'reason');
        }
      },
    },
  );

  const applyRetimes = async () => {
    while (retimes.length > 0) {
      const request = retimes.shift() as RetimeRequest;
      if (request.revision <= state.calendarRevision) continue;
      const before = {
        revision: state.calendarRevision,
        due: dues(),
        reminders: state.reminders,
        escalation: state.escalation,
      };
      for (const stage of state.stages) {
        const due = request.due[stage.stage];
        if (due !== undefined && !stage.extended && stage.endedAt === null) stage.dueAt = due;
      }
      state.calendarRevision = request.revision;
      state.reminders = [...request.reminders];
      state.escalation = { ...request.escalation };
      const open = openStage(state);
      if (open) dueMoved(open);
      version++;
      await persist([
        {
          action: 'cycle.retimed',
          actor: request.actor,
          reason: request.reason,
          before,
          after: { revision: request.revision, due: dues(), reminders: state.reminders, escalation: state.escalation },
        },
      ]);
    }
  };

  const noticeInput = (stage: CycleStageState): StageNoticeInput => ({
    cycleId: state.cycleId,
    kind: state.kind,
    organizationId: state.organizationId,
    jurisdictionId: state.jurisdictionId,
    year: state.year,
    stage: stage.stage,
    visit: state.visit,
    dueAt: stage.dueAt,
    ...(stage.stage === 'contributions' ? { pendingDivisions: pendingDivisions(state) } : {}),
  });

  /** The stage may end (or be rejected back) while a notice round is out: its progress then no longer applies. */
  const sameVisit = (stage: CycleStageState, visit: number) => state.stage === stage.stage && state.visit === visit;

  const carryOut = async (stage: CycleStageState, action: TimerAction) => {
    const visit = state.visit;
    switch (action.kind) {
      case 'reminder': {
        const round = await remindStage({ ...noticeInput(stage), offset: action.offset });
        if (!sameVisit(stage, visit)) return;
        state.timer = afterAction(state.timer, action);
        if (round.recipients.length === 0) {
          await persist([
            { action: 'stage.reminder_unaddressed', after: { stage: stage.stage, offset: action.offset } },
          ]);
        }
        return;
      }
      case 'pass-over':
        state.timer = afterAction(state.timer, action);
        return;
      case 'overdue':
        state.timer = afterAction(state.timer, action);
        stage.overdueSince = action.at;
        setOverdue(true);
        await persist([
          {
            action: 'stage.overdue',
            after: {
              stage: stage.stage,
              dueAt: iso(stage.dueAt),
              // Who is late: the divisions that have not handed in.
              ...(stage.stage === 'contributions' ? { pendingDivisions: pendingDivisions(state) } : {}),
            },
          },
        ]);
        return;
      case 'escalation': {
        const round = await escalateStage({
          ...noticeInput(stage),
          period: state.timer.overduePeriod,
          round: action.round,
          overdueSince: stage.overdueSince ?? stage.dueAt,
        });
        if (!sameVisit(stage, visit)) return;
        state.timer = afterAction(state.timer, action);
        if (round.recipients.length === 0) {
          await persist([
            { action: 'stage.escalation_unaddressed', after: { stage: stage.stage, round: action.round } },
          ]);
        }
        return;
      }
    }
  };

  for (;;) {
    await applyRetimes();
    const stage = openStage(state);
    if (!stage) break;
    const step = timerStep(timerPlan(stage.dueAt, state.reminders, state.escalation), state.timer, Date.now());
    if (step.actions.length > 0) {
      // One action at a time, then look again: a calendar change may have arrived meanwhile.
      await carryOut(stage, step.actions[0]);
      continue;
    }
    state.nextTimerAt = step.nextAt;
    if (workflowInfo().continueAsNewSuggested && retimes.length === 0) {
      // A year of escalations can outgrow one history: carry the state on into a fresh run, once
      // nothing is in flight (checked again after waiting, with no await before continuing).
      const quiet = version;
      await allHandlersFinished();
      await persisting;
      if (version === quiet && retimes.length === 0) {
        await continueAsNew<typeof reportCycleWorkflow>({ ...input, resume: withDefaults(state) });
      }
      continue;
    }
    const seen = version;
    await condition(() => version !== seen || retimes.length > 0, step.nextAt - Date.now());
  }
  await allHandlersFinished();
  await persisting;
  return state;
}
