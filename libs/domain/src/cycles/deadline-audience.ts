import { CalendarStage } from '../calendar/stages';
import { yetToScore } from '../shufa/shufa-steps';
import { CycleSnapshot } from './cycle-state';
import { OpenDeadline } from './deadlines';
import { Audience, audience, CycleOwner, EscalationLevel, whoIsTold, whoIsToldOfItem } from './responsibility';

/** What one deadline is about, as far as who is told of it: its stage and what in it is due. */
export interface DeadlineSubject {
  stage: CalendarStage;
  /** Contributions stage: the divisions still to hand in (their contributors are told). */
  pendingDivisions?: readonly string[];
  /** One item of a 述法 cycle's 问题清单 (the leader's, whoever acts on the stage itself). */
  rectificationItemId?: string;
  /** A 述法 evaluation: the panel members yet to score, told instead of every evaluator. */
  evaluators?: readonly string[];
}

/**
 * Who is told of a deadline at a rung of the escalation ladder: the worker mails these people, and a
 * person's calendar feed lists the deadlines he is among the 'responsible' ones of.
 */
export function toldOfDeadline(subject: DeadlineSubject, level: EscalationLevel, owner: CycleOwner): Audience[] {
  const whos = subject.rectificationItemId
    ? whoIsToldOfItem({ kind: 'rectification', itemId: subject.rectificationItemId }, level)
    : whoIsTold(subject.stage, level, subject.pendingDivisions ?? []);
  if (!subject.evaluators) return audience(whos, owner);
  const above = whos.filter((who) => !(who.kind === 'roles' && who.roles.includes('evaluator')));
  const panel: Audience[] = subject.evaluators.map((userId) => ({ kind: 'person', userId }));
  return [...panel, ...audience(above, owner)];
}

/** What an open deadline of a cycle is about, as the workflow names it in its notices (`noticeInput`). */
export function deadlineSubject(deadline: OpenDeadline, snapshot: CycleSnapshot): DeadlineSubject {
  return {
    stage: deadline.stage.stage,
    ...(deadline.pendingDivisions ? { pendingDivisions: deadline.pendingDivisions } : {}),
    ...(deadline.item.kind === 'rectification' ? { rectificationItemId: deadline.item.itemId } : {}),
    ...(deadline.stage.stage === 'shufa_evaluation' && snapshot.shufa
      ? { evaluators: yetToScore(snapshot.shufa) }
      : {}),
  };
}
