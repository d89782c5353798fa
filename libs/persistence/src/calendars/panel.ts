import { EntityManager, In } from 'typeorm';
import type { FieldProblem, PanelMember } from '@rol/domain';
import { UserEntity } from '../entities/user.entity';

/**
 * A 述法 panel's members must be active users holding the evaluator role in the jurisdiction itself
 * (its 依法治X办's panel); each one that is not is named by its place in the list.
 */
export async function panelMembershipProblems(
  manager: EntityManager,
  jurisdictionId: string,
  panel: readonly PanelMember[],
  field: string,
): Promise<FieldProblem[]> {
  if (panel.length === 0) return [];
  const users = await manager.find(UserEntity, { where: { id: In(panel.map((m) => m.userId)) } });
  const byId = new Map(users.map((u) => [u.id, u]));
  const problems: FieldProblem[] = [];
  panel.forEach((member, i) => {
    const user = byId.get(member.userId);
    if (!user || !user.active || user.organizationId !== jurisdictionId || !user.roles.includes('evaluator')) {
      problems.push({
        field: `${field}[${i}].userId`,
        problems: ['应为本辖区在用的评议人（具有 evaluator 角色的用户）'],
      });
    }
  });
  return problems;
}
