import { ADVANCED_BY, CalendarStage, canAct, CycleOwner, ForbiddenError, STAGE_LABELS } from '@rol/domain';
import { AuthenticatedActor } from '../common/actor';

const ROLE_WORDS: Record<string, string> = {
  officer: '本部门法制工作人员',
  reviewer: '本部门合法性审核人',
  publisher: '本部门政务公开人员',
  admin: '上级辖区管理员',
  contributor: '本部门处室材料报送人',
  evaluator: '述法评议人',
};

/** Only the people a stage's rule names may take its steps; anyone else is told who may. */
export function assertMayAct(actor: AuthenticatedActor, stage: CalendarStage, owner: CycleOwner): void {
  const rule = ADVANCED_BY[stage];
  if (canAct(actor, rule, owner)) return;
  const who = rule.kind === 'principal-leader' ? '本单位主要负责人' : rule.roles.map((r) => ROLE_WORDS[r]).join('或');
  throw new ForbiddenError(`「${STAGE_LABELS[stage]}」阶段只能由${who}办理`);
}
