import { Role, ROLE_LABELS } from '../roles';
import { Actor, childPath, isWithin } from '../organization';
import { ForbiddenError } from '../errors';
import { CalendarStage, STAGE_LABELS } from '../calendar/stages';
import { CycleKind, STAGE_ACTIONS } from './cycle';

/** Something in a cycle that people act on before a deadline. */
export type CycleItem =
  /** The stage itself: its step (advance, reject, a draft). */
  | { kind: 'stage'; stage: CalendarStage }
  /** A division's part of the material, in the contributions stage. */
  | { kind: 'contribution'; divisionId: string }
  /** The panel's scores, in a 述法 cycle's evaluation stage. */
  | { kind: 'evaluation' }
  /** One item of a 述法 cycle's 问题清单, with its own due date. */
  | { kind: 'rectification'; itemId: string };

/**
 * Who, described once, so it can be checked for one person (`mayAct`) and listed from the database
 * (the worker turns an `Audience` into one query).
 */
export type Who =
  /** The department's principal leader, as the department names him now. */
  | { kind: 'principal-leader' }
  /** The leader a 述法 cycle concerns, named when the cycle was launched. */
  | { kind: 'shufa-leader' }
  /**
   * Holders of one of the roles: in the department or any of its divisions; in the cycle's
   * jurisdiction organisation itself (its 依法治X办, its panel).
   */
  | { kind: 'roles'; roles: readonly Role[]; in: 'department' | 'jurisdiction' }
  /** Holders of one of the roles in that division of the department. */
  | { kind: 'roles'; roles: readonly Role[]; in: 'division'; divisionId: string };

const PRINCIPAL_LEADER: Who = { kind: 'principal-leader' };
const SHUFA_LEADER: Who = { kind: 'shufa-leader' };
const inDepartment = (...roles: Role[]): Who => ({ kind: 'roles', roles, in: 'department' });
const OFFICE: Who = { kind: 'roles', roles: ['admin'], in: 'jurisdiction' };

const STAGE_WHO: Record<CalendarStage, Who> = {
  // The officer closes the collection early; the divisions' parts are items of their own.
  contributions: inDepartment('officer'),
  drafting: inDepartment('officer'),
  legality_review: inDepartment('reviewer'),
  sign_off: PRINCIPAL_LEADER,
  submission: inDepartment('officer'),
  publication: inDepartment('publisher'),
  shufa_writing: SHUFA_LEADER,
  shufa_materials_review: OFFICE,
  // The 依法治X办 closes the evaluation (every member scored, or the due date passed); the scores are an item of their own.
  shufa_evaluation: OFFICE,
  // The office issues the 问题清单 and closes the year; each item is the leader's, an item of its own.
  shufa_rectification: OFFICE,
};

/**
 * The one rule for who acts on a cycle's item; the same people are reminded of its deadline and
 * escalated to first (`whoIsTold`), so "who may act" and "who was told" never differ.
 * - The jurisdiction's work (述法 materials review, closing the evaluation, the last escalation rung)
 *   is the 依法治X办 of the cycle's own jurisdiction, the one whose calendar launched it: its admins,
 *   users of that jurisdiction organisation. A report is "tracked, graded and followed up by the
 *   rule-of-law office of the government above it" (DOMAIN.md), not by every office above that: the
 *   依法治市办 does not review a district bureau leader's 述法 materials. Admins further up and
 *   system-wide administrators oversee the cycle (they see it, extend its deadlines, cancel it:
 *   `isAdminAbove`) but do not do the office's work, so they are not reminded of it either; were
 *   they allowed to act, every deadline would have to be sent up the whole chain to be told to
 *   everyone who may act on it. The 述法 panel (evaluators) is the same jurisdiction's.
 * - A department's roles are held in the department or in any of its divisions: the legal-affairs
 *   officer is 法制科 / 政策法规处 staff, the 政务公开 officer often the 办公室's, and they act for
 *   the department; nobody acts for another department.
 * - A division's part is handed in by a contributor of that division only.
 * - The report is signed off by the department's principal leader as named now; a 述法 is written
 *   and rectified by the leader it concerns, named at launch (a successor does not write it).
 */
export function whoActs(item: CycleItem): Who {
  switch (item.kind) {
    case 'stage':
      return STAGE_WHO[item.stage];
    case 'contribution':
      return { kind: 'roles', roles: ['contributor'], in: 'division', divisionId: item.divisionId };
    case 'evaluation':
      return { kind: 'roles', roles: ['evaluator'], in: 'jurisdiction' };
    case 'rectification':
      // The leader the 述法 concerns reports it done; the office verifies it (a step of its own).
      return SHUFA_LEADER;
  }
}

/**
 * What a stage's deadline is about, and so who its reminders and escalations go to: in the
 * contributions stage the parts of the divisions still to hand in (the officer may close it early,
 * nobody is late for that); in the evaluation stage the panel's scores; else the stage itself.
 */
export function deadlineItems(stage: CalendarStage, pendingDivisions: readonly string[]): CycleItem[] {
  if (stage === 'contributions') return pendingDivisions.map((divisionId) => ({ kind: 'contribution', divisionId }));
  if (stage === 'shufa_evaluation') return [{ kind: 'evaluation' }];
  return [{ kind: 'stage', stage }];
}

/** The items of an open stage someone may act on now, in the order "my tasks" lists them. */
export function openItems(stage: CalendarStage, pendingDivisions: readonly string[]): CycleItem[] {
  const due = deadlineItems(stage, pendingDivisions);
  return due.some((item) => item.kind === 'stage') ? due : [...due, { kind: 'stage', stage }];
}

/**
 * The escalation ladder (DOMAIN.md): round 1 goes to those who act, round 2 also to the department's
 * principal leader, round 3 and later also to the jurisdiction's 依法治X办 (its admins, as above).
 */
export type EscalationLevel = 'responsible' | 'principal-leader' | 'jurisdiction';

export function escalationLevel(round: number): EscalationLevel {
  if (round <= 1) return 'responsible';
  return round === 2 ? 'principal-leader' : 'jurisdiction';
}

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  responsible: '责任人',
  'principal-leader': '单位主要负责人',
  jurisdiction: '依法治理办公室',
};

const LADDER: Record<EscalationLevel, readonly Who[]> = {
  responsible: [],
  'principal-leader': [PRINCIPAL_LEADER],
  jurisdiction: [PRINCIPAL_LEADER, OFFICE],
};

/** Who is told about a stage's deadline at a rung of the ladder (a reminder: 'responsible'). */
export function whoIsTold(stage: CalendarStage, level: EscalationLevel, pendingDivisions: readonly string[]): Who[] {
  return [...deadlineItems(stage, pendingDivisions).map(whoActs), ...LADDER[level]];
}

/** Who is told about one item's own deadline (a rectification item) at a rung of the ladder. */
export function whoIsToldOfItem(item: CycleItem, level: EscalationLevel): Who[] {
  return [whoActs(item), ...LADDER[level]];
}

/** Where a cycle sits, as far as "who" cares. */
export interface CycleOwner {
  departmentPath: string;
  /** The cycle's jurisdiction: the one whose calendar launched it. */
  jurisdictionId: string;
  /** The department's principal leader now. */
  principalLeaderId: string | null;
  /** For a 述法 cycle, the leader it concerns; null for a report cycle. */
  shufaLeaderId: string | null;
}

export function cycleOwner(
  cycle: { kind: CycleKind; jurisdictionId: string; leaderId: string | null },
  department: { path: string; principalLeaderId: string | null },
): CycleOwner {
  return {
    departmentPath: department.path,
    jurisdictionId: cycle.jurisdictionId,
    principalLeaderId: department.principalLeaderId,
    shufaLeaderId: cycle.kind === 'shufa' ? cycle.leaderId : null,
  };
}

/**
 * A `Who` resolved for one cycle into plain sets of people: a person; holders of a role in an
 * organisation itself; holders of a role in an organisation (by its path) or below it.
 */
export type Audience =
  | { kind: 'person'; userId: string }
  | { kind: 'roles-at'; roles: readonly Role[]; organizationId: string }
  | { kind: 'roles-within'; roles: readonly Role[]; path: string };

export function audience(whos: readonly Who[], owner: CycleOwner): Audience[] {
  const person = (userId: string | null): Audience[] => (userId ? [{ kind: 'person', userId }] : []);
  return whos.flatMap((who): Audience[] => {
    switch (who.kind) {
      case 'principal-leader':
        return person(owner.principalLeaderId);
      case 'shufa-leader':
        return person(owner.shufaLeaderId);
      case 'roles':
        switch (who.in) {
          case 'department':
            return [{ kind: 'roles-within', roles: who.roles, path: owner.departmentPath }];
          case 'division':
            // A division hangs right under its department and has nothing below it.
            return [{ kind: 'roles-within', roles: who.roles, path: childPath(owner.departmentPath, who.divisionId) }];
          case 'jurisdiction':
            return [{ kind: 'roles-at', roles: who.roles, organizationId: owner.jurisdictionId }];
        }
    }
  });
}

/** Whether the actor is one of the people an audience names. */
export function isInAudience(actor: Actor, people: readonly Audience[]): boolean {
  const holds = (roles: readonly Role[]) => roles.some((role) => actor.roles.includes(role));
  return people.some((a) => {
    switch (a.kind) {
      case 'person':
        return actor.userId === a.userId;
      case 'roles-at':
        return holds(a.roles) && actor.organizationId === a.organizationId;
      case 'roles-within':
        return holds(a.roles) && actor.organizationPath !== null && isWithin(actor.organizationPath, a.path);
    }
  });
}

export function mayAct(actor: Actor, item: CycleItem, owner: CycleOwner): boolean {
  return isInAudience(actor, audience([whoActs(item)], owner));
}

const PLACE_WORDS: Record<Extract<Who, { kind: 'roles' }>['in'], string> = {
  department: '本部门',
  division: '该处室',
  jurisdiction: '所属辖区',
};

/** Who, in words (for refusals). */
export function whoLabel(who: Who): string {
  switch (who.kind) {
    case 'principal-leader':
      return '本单位主要负责人';
    case 'shufa-leader':
      return '述法的主要负责人本人';
    case 'roles':
      return who.roles.map((role) => `${PLACE_WORDS[who.in]}${ROLE_LABELS[role]}`).join('或');
  }
}

/** Refuses a person who may not act on the item, saying who may. */
export function assertMayAct(actor: Actor, item: CycleItem, owner: CycleOwner): void {
  if (mayAct(actor, item, owner)) return;
  const who = whoLabel(whoActs(item));
  switch (item.kind) {
    case 'stage':
      throw new ForbiddenError(`「${STAGE_LABELS[item.stage]}」阶段只能由${who}办理`);
    case 'contribution':
      throw new ForbiddenError(`本处室材料只能由${who}报送`);
    case 'evaluation':
      throw new ForbiddenError(`述法评议只能由${who}进行`);
    case 'rectification':
      throw new ForbiddenError(`整改事项只能由${who}报告完成`);
  }
}

/** What "my tasks" calls acting on an item. */
export function itemAction(item: CycleItem): string {
  switch (item.kind) {
    case 'stage':
      return STAGE_ACTIONS[item.stage];
    case 'contribution':
      return 'contribute';
    case 'evaluation':
      return 'evaluate';
    case 'rectification':
      return 'rectify';
  }
}
