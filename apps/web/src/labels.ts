import { STAGE_LABELS } from '@domain/calendar/stages';
import type { Role } from '@domain/roles';

export const KIND_LABELS: Record<string, string> = { report: '法治政府建设年度报告', shufa: '述法' };

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  officer: '法治工作人员',
  contributor: '处室填报人',
  reviewer: '合法性审查人',
  leader: '领导',
  publisher: '公开发布人',
  evaluator: '述法评议人',
};

/** What each task asks of its person (the action names of libs/domain STAGE_ACTIONS and itemAction). */
export const ACTION_LABELS: Record<string, string> = {
  close_contributions: '结束材料征集',
  contribute: '提交本处室材料',
  draft: '起草并提交报告草稿',
  review: '提交合法性审查意见',
  sign_off: '领导审签',
  submit: '报送报告',
  publish: '公开发布报告',
  write_shufa: '撰写述法报告',
  review_shufa: '审核述法材料',
  evaluate: '完成述法评分',
  close_evaluation: '结束述法评议',
  rectify: '完成问题整改',
};

export const ENDED_STAGES: Record<string, string> = { completed: '已完成', cancelled: '已终止' };

export function stageLabel(stage: string): string {
  return (STAGE_LABELS as Record<string, string>)[stage] ?? ENDED_STAGES[stage] ?? stage;
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** The console page of a cycle, at the action its person is to take. */
export function cyclePath(kind: string, cycleId: string, action?: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...(action ? { action } : {}), ...extra }).toString();
  return `/${kind === 'shufa' ? 'shufa' : 'report'}-cycles/${encodeURIComponent(cycleId)}${query ? `?${query}` : ''}`;
}
