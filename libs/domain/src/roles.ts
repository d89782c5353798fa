export const ROLES = ['admin', 'officer', 'contributor', 'reviewer', 'leader', 'publisher', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  officer: '法制工作人员',
  contributor: '材料报送人',
  reviewer: '合法性审核人',
  leader: '主要负责人',
  publisher: '政务公开人员',
  evaluator: '述法评议人',
};
