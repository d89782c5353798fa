import { Role } from '../roles';
import { Actor, isAdminAbove } from '../organization';
import { CalendarStage, REPORT_STAGES, SHUFA_STAGES } from '../calendar/stages';

/** A report cycle per department and year; a 述法 cycle per department's principal leader and year. */
export const CYCLE_KINDS = ['report', 'shufa'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export const CYCLE_KIND_LABELS: Record<CycleKind, string> = {
  report: '法治政府建设年度报告',
  shufa: '主要负责人述法',
};

export const CYCLE_STAGES: Record<CycleKind, readonly CalendarStage[]> = {
  report: REPORT_STAGES,
  shufa: SHUFA_STAGES,
};

export const COMPLETED = 'completed';
export const CANCELLED = 'cancelled';
export type CycleStage = CalendarStage | typeof COMPLETED | typeof CANCELLED;

/**
 * The cycle's id, which is also its Temporal workflow id: deterministic, so a repeated or resumed
 * launch finds the cycle already running instead of starting a second one (`report-2026-QPYJ`).
 * Organisation codes are unique, and the 述法 cycle follows the department whose leader it concerns.
 */
export function cycleId(kind: CycleKind, year: number, organizationCode: string): string {
  return `${kind}-${year}-${organizationCode}`;
}

/** Who must act in a stage: they are reminded before its due date and escalated to first after it. */
export type Responsible =
  { kind: 'roles'; roles: Role[]; in: 'department' | 'divisions' | 'jurisdiction' } | { kind: 'principal-leader' };

export const STAGE_RESPONSIBLE: Record<CalendarStage, Responsible> = {
  contributions: { kind: 'roles', roles: ['contributor'], in: 'divisions' },
  drafting: { kind: 'roles', roles: ['officer'], in: 'department' },
  legality_review: { kind: 'roles', roles: ['reviewer'], in: 'department' },
  sign_off: { kind: 'principal-leader' },
  submission: { kind: 'roles', roles: ['officer'], in: 'department' },
  publication: { kind: 'roles', roles: ['publisher'], in: 'department' },
  shufa_writing: { kind: 'principal-leader' },
  shufa_materials_review: { kind: 'roles', roles: ['admin'], in: 'jurisdiction' },
  shufa_evaluation: { kind: 'roles', roles: ['evaluator'], in: 'jurisdiction' },
  shufa_rectification: { kind: 'principal-leader' },
};

/**
 * The escalation ladder (DOMAIN.md): round 1 goes to the responsible users, round 2 also to the
 * department's principal leader, round 3 and later also to the jurisdiction's 依法治X办 (its admins).
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

/** Who ends each stage with `advance` (API.md): mostly the responsible people, with these differences. */
export const ADVANCED_BY: Record<CalendarStage, Responsible> = {
  ...STAGE_RESPONSIBLE,
  // The officer closes material collection early; divisions only hand in.
  contributions: { kind: 'roles', roles: ['officer'], in: 'department' },
  // The 依法治X办 closes the evaluation (every evaluator scored, or the due date passed).
  shufa_evaluation: { kind: 'roles', roles: ['admin'], in: 'jurisdiction' },
};

/** Where a cycle sits, as far as the question "may this person act on it" cares. */
export interface CycleOwner {
  departmentPath: string;
  /** The department's principal leader, or the leader a 述法 cycle concerns. */
  leaderId: string | null;
}

/**
 * Whether the actor is one of the people a stage's rule names: the leader himself; a holder of the
 * role in the department (or, for divisions, in one of its divisions); or, for the jurisdiction's
 * roles, an admin above the department.
 */
export function canAct(actor: Actor, rule: Responsible, owner: CycleOwner): boolean {
  if (rule.kind === 'principal-leader') return owner.leaderId !== null && actor.userId === owner.leaderId;
  if (!rule.roles.some((role) => actor.roles.includes(role))) return false;
  const path = actor.organizationPath;
  switch (rule.in) {
    case 'department':
      return path !== null && path.startsWith(owner.departmentPath);
    case 'divisions':
      return path !== null && path.startsWith(owner.departmentPath) && path !== owner.departmentPath;
    case 'jurisdiction':
      return rule.roles.includes('admin')
        ? isAdminAbove(actor, owner.departmentPath)
        : path !== null && owner.departmentPath.startsWith(path) && path !== owner.departmentPath;
  }
}

/** What a person does in each stage, as listed in "my tasks". */
export const STAGE_ACTIONS: Record<CalendarStage, string> = {
  contributions: 'close_contributions',
  drafting: 'draft',
  legality_review: 'review',
  sign_off: 'sign_off',
  submission: 'submit',
  publication: 'publish',
  shufa_writing: 'write_shufa',
  shufa_materials_review: 'review_shufa',
  shufa_evaluation: 'close_evaluation',
  shufa_rectification: 'rectify',
};
