import { setHandler } from '@temporalio/workflow';
import {
  advanceCycle,
  applyRectificationStep,
  changePanel,
  completeRectification,
  issueProblem,
  issueRectification,
  rectificationStepProblem,
  closeEvaluation,
  evaluateProblem,
  meetingProblem,
  panelChangeProblem,
  recordEvaluation,
  recordMeeting,
  resultSummary,
  shufaResult,
  ShufaState,
} from '@rol/domain';
import {
  CycleEvent,
  EvaluateRequest,
  IssueItemRequest,
  issueItemUpdate,
  RectificationStepRequest,
  rectificationStepUpdate,
  evaluateUpdate,
  MeetingRequest,
  meetingUpdate,
  PanelRequest,
  panelUpdate,
} from '@rol/contracts';
import { assertNoProblem, CycleEngine, escalateStage, iso } from './cycle-engine';

/**
 * What only a 述法 cycle has (launched with its settings; cycles launched before keep advancing and
 * returning only): the panel's marks, secret until the evaluation closes, when every member has
 * scored or at its due date; the office's changes of mode and panel; the meeting record.
 */
export function registerShufaSteps(engine: CycleEngine): void {
  const state = engine.state;
  if (!state.shufa) return;

  setHandler(
    evaluateUpdate,
    (request: EvaluateRequest) => {
      const now = Date.now();
      const panelSize = state.shufa?.settings.panel.length ?? 0;
      const all = recordEvaluation(state, {
        userId: request.actor.id as string,
        marks: request.marks,
        comment: request.comment,
        at: now,
      });
      // Who scored and how many have, never the marks: nobody sees them before the evaluation closes.
      const event: CycleEvent = {
        action: 'shufa.evaluated',
        actor: request.actor,
        after: { scored: state.shufa?.evaluations.length, of: panelSize },
      };
      if (!all) return engine.step([event], request);
      // The last member: the evaluation closes in the same step, with the result every mark gives.
      const shufa = state.shufa as ShufaState;
      const result = shufaResult(shufa.settings, shufa.evaluations);
      return engine.transition(
        request,
        'stage.advanced',
        () => {
          closeEvaluation(state, now);
          advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment: '评议人已全部评分' });
        },
        { after: { details: { evaluationClosed: 'all-scored' } } },
        [event, { action: 'shufa.evaluation_closed', after: resultSummary(result) }],
      );
    },
    { validator: (request: EvaluateRequest) => assertNoProblem(evaluateProblem(state, request)) },
  );

  setHandler(
    panelUpdate,
    (request: PanelRequest) => {
      const settings = state.shufa?.settings;
      const before = { mode: settings?.mode, panel: settings?.panel, dimensions: settings?.dimensions };
      changePanel(state, request.change);
      return engine.step(
        [{ action: 'shufa.panel_changed', actor: request.actor, before, after: request.change }],
        request,
      );
    },
    { validator: (request: PanelRequest) => assertNoProblem(panelChangeProblem(state, request)) },
  );

  setHandler(
    meetingUpdate,
    (request: MeetingRequest) => {
      const meeting = { ...request.meeting, recordedBy: request.actor, at: Date.now() };
      recordMeeting(state, meeting);
      return engine.step([{ action: 'shufa.meeting_recorded', actor: request.actor, after: request.meeting }], request);
    },
    { validator: (request: MeetingRequest) => assertNoProblem(meetingProblem(state, request)) },
  );

  setHandler(
    issueItemUpdate,
    (request: IssueItemRequest) => {
      issueRectification(state, request.item, request.actor, Date.now());
      return engine.step(
        [
          {
            action: 'rectification.issued',
            actor: request.actor,
            after: { itemId: request.item.id, description: request.item.description, dueAt: iso(request.item.dueAt) },
          },
        ],
        request,
      );
    },
    { validator: (request: IssueItemRequest) => assertNoProblem(issueProblem(state, request, Date.now())) },
  );

  setHandler(
    rectificationStepUpdate,
    (request: RectificationStepRequest) => {
      const now = Date.now();
      const { actor, writtenSeq: _seen, ...step } = request;
      const allVerified = applyRectificationStep(state, step, actor, now);
      const event: CycleEvent = {
        action: `rectification.${step.step}`,
        actor,
        reason: step.step === 'reopen' ? step.reason : null,
        after: step,
      };
      if (!allVerified) return engine.step([event], request);
      // The last item verified (销号): the rectification is done and the cycle completed in the same step.
      return engine.transition(
        request,
        'stage.advanced',
        () => completeRectification(state, now, '问题清单已全部销号'),
        { after: { details: { rectification: 'all-verified' } } },
        [event],
      );
    },
    { validator: (request: RectificationStepRequest) => assertNoProblem(rectificationStepProblem(state, request)) },
  );

  // The evaluation closes at its due date: who has not scored is recorded missing and told (round 1).
  engine.atDue = async (deadline) => {
    if (deadline.stage.stage !== 'shufa_evaluation') return false;
    const now = Date.now();
    const result = closeEvaluation(state, now);
    advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment: '评议期限届满' });
    engine.stageChanged();
    engine.changeCount++;
    await engine.persist([
      { action: 'shufa.evaluation_closed', after: { ...resultSummary(result), closedAt: iso(now) } },
      {
        action: 'stage.advanced',
        before: { stage: 'shufa_evaluation' },
        after: { stage: state.stage, details: { evaluationClosed: 'due' } },
      },
    ]);
    if (result.missing.length > 0) {
      await escalateStage({
        ...engine.noticeInput(deadline),
        evaluators: result.missing,
        period: 1,
        round: 1,
        overdueSince: now,
      });
    }
    return true;
  };
}
