import {
  ADVANCED_BY,
  CalendarStage,
  canAct,
  CycleOwner,
  ForbiddenError,
  Responsible,
  ROLE_LABELS,
  STAGE_LABELS,
} from '@rol/domain';
import { AuthenticatedActor } from '../common/actor';

/** Where the holders of a stage's roles sit, as the refusal names them. */
const WHERE: Record<Extract<Responsible, { kind: 'roles' }>['in'], string> = {
  department: '本部门',
  divisions: '本部门处室',
  jurisdiction: '上级辖区',
};

/** Only the people a stage's rule names may take its steps; anyone else is told who may. */
export function assertMayAct(actor: AuthenticatedActor, stage: CalendarStage, owner: CycleOwner): void {
  const rule = ADVANCED_BY[stage];
  if (canAct(actor, rule, owner)) return;
  const who =
    rule.kind === 'principal-leader'
      ? '本单位主要负责人'
      : rule.roles.map((role) => `${WHERE[rule.in]}${ROLE_LABELS[role]}`).join('或');
  throw new ForbiddenError(`「${STAGE_LABELS[stage]}」阶段只能由${who}办理`);
}
