import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assertMayAct,
  CycleSnapshot,
  cycleOwner,
  ForbiddenError,
  marksProblems,
  mayAct,
  parseDue,
  publishedResult,
  RectificationStep,
  ShufaState,
  StageMismatchError,
  ValidationFailedError,
} from '@rol/domain';
import { randomUUID } from 'node:crypto';
import { evaluateUpdate, issueItemUpdate, meetingUpdate, panelUpdate, rectificationStepUpdate } from '@rol/contracts';
import { panelMembershipProblems } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { CycleUpdateGateway } from '../cycles/cycle-update.gateway';
import { CycleService, CycleView } from '../cycles/cycle.service';
import { StepContextService } from '../cycles/step-context.service';
import { EvaluationDto } from './evaluation.dto';
import { PanelDto } from './panel.dto';
import { RectificationItemDto } from './rectification.dto';
import { ShufaMeetingDto } from './shufa-meeting.dto';

/** The 依法治X办's work on a 述法 cycle: materials review, the panel, the meeting, closing the evaluation. */
const OFFICE_ITEM = { kind: 'stage', stage: 'shufa_materials_review' } as const;

function shufaOf(state: CycleSnapshot): ShufaState {
  if (!state.shufa) throw new StageMismatchError('该述法流程启动于在线评议之前，不能在线评议或调整评议设置');
  return state.shufa;
}

/** The 述法 steps beyond advancing and returning: the panel, the meeting, and the evaluators' marks. */
@Injectable()
export class ShufaStepsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: StepContextService,
    private readonly gateway: CycleUpdateGateway,
    private readonly cycles: CycleService,
  ) {}

  /** The office changes one cycle's mode, panel or dimensions, until the evaluation closes. */
  async setPanel(actor: AuthenticatedActor, id: string, dto: PanelDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'shufa', id, undefined, { chainLinks: true });
    assertMayAct(actor, OFFICE_ITEM, context.owner);
    shufaOf(context.row.state);
    if (dto.evaluators) {
      const problems = await panelMembershipProblems(
        this.dataSource.manager,
        context.row.jurisdictionId,
        dto.evaluators,
        'evaluators',
      );
      if (problems.length > 0) throw new ValidationFailedError(problems, `评议人不合法：${problems[0].field}`);
    }
    return this.gateway.send(context, panelUpdate, {
      actor: auditActor(actor),
      change: {
        ...(dto.mode ? { mode: dto.mode } : {}),
        ...(dto.evaluators ? { panel: dto.evaluators } : {}),
        ...(dto.dimensions ? { dimensions: dto.dimensions } : {}),
      },
    });
  }

  /** The office records the meeting of a 会议述法 or 现场述法. */
  async recordMeeting(actor: AuthenticatedActor, id: string, dto: ShufaMeetingDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'shufa', id, undefined, { chainLinks: true });
    assertMayAct(actor, OFFICE_ITEM, context.owner);
    shufaOf(context.row.state);
    return this.gateway.send(context, meetingUpdate, {
      actor: auditActor(actor),
      meeting: {
        date: dto.date,
        place: dto.place?.trim() || null,
        comments: dto.comments,
        questions: dto.questions.map((q) => ({ by: q.by, question: q.question, answer: q.answer })),
      },
    });
  }

  /** A panel member scores, once; his marks stay secret until the evaluation closes. */
  async evaluate(actor: AuthenticatedActor, id: string, dto: EvaluationDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'shufa', id, undefined, { chainLinks: true });
    const shufa = shufaOf(context.row.state);
    if (!shufa.settings.panel.some((m) => m.userId === actor.userId)) {
      throw new ForbiddenError('您不是本次述法的评议人');
    }
    const problems = marksProblems(shufa.settings, dto);
    if (problems.length > 0)
      throw new ValidationFailedError(problems, `评分不合法：${problems.map((p) => p.field).join('、')}`);
    const marks = dto.scores ? { scores: dto.scores } : { ratings: dto.ratings as Record<string, '好'> };
    return this.gateway.send(context, evaluateUpdate, {
      actor: auditActor(actor),
      marks,
      comment: dto.comment?.trim() || null,
    });
  }

  /**
   * The marks: once the evaluation has closed, the result with every evaluator's marks; before, the
   * office sees only how many have scored, and a panel member his own marks.
   */
  async evaluations(actor: AuthenticatedActor, id: string) {
    const found = await this.cycles.find(actor, 'shufa', id);
    const shufa = shufaOf(found.row.state);
    const of = shufa.settings.panel.length;
    const scored = shufa.evaluations.length;
    if (shufa.closedAt !== null)
      return { closed: true, scored, of, result: publishedResult(shufa), meeting: shufa.meeting };
    const office = mayAct(actor, OFFICE_ITEM, cycleOwner(found.row, found.organization));
    if (!office && !shufa.settings.panel.some((m) => m.userId === actor.userId)) {
      throw new ForbiddenError('评议结束前，只有评议人本人和依法治理办公室可以查看评议情况');
    }
    const own = shufa.evaluations.find((e) => e.userId === actor.userId) ?? null;
    return { closed: false, scored, of, own, result: null, meeting: shufa.meeting };
  }

  /** The office adds an item to the 问题清单, with its due date (a deadline item of its own). */
  async issueItem(actor: AuthenticatedActor, id: string, dto: RectificationItemDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'shufa', id, undefined, { chainLinks: true });
    assertMayAct(actor, { kind: 'stage', stage: 'shufa_rectification' }, context.owner);
    shufaOf(context.row.state);
    const dueAt = parseDue(dto.dueAt);
    if (!dueAt) throw ValidationFailedError.field('dueAt', '应为带时区的 ISO-8601 时间或日期');
    return this.gateway.send(context, issueItemUpdate, {
      actor: auditActor(actor),
      item: { id: randomUUID(), description: dto.description.trim(), dueAt: dueAt.getTime() },
    });
  }

  /** The leader reports an item done; the office verifies (销号) or reopens it. */
  async rectificationStep(
    actor: AuthenticatedActor,
    id: string,
    itemId: string,
    step: RectificationStep,
  ): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'shufa', id, undefined, { chainLinks: true });
    shufaOf(context.row.state);
    const item =
      step.step === 'done'
        ? ({ kind: 'rectification', itemId } as const)
        : ({ kind: 'stage', stage: 'shufa_rectification' } as const);
    assertMayAct(actor, item, context.owner);
    return this.gateway.send(context, rectificationStepUpdate, { actor: auditActor(actor), ...step, itemId });
  }
}
