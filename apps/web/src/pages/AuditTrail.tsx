import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Skeleton, Space, Timeline, Typography } from 'antd';
import { beijingTime } from '../components/common';
import { answer, api } from '../api/client';
import type { components } from '../api/schema';
import { stageLabel } from '../labels';

type AuditEntry = components['schemas']['CycleAuditEntryView'];

const ACTIONS: Record<string, string> = {
  'cycle.launched': '周期启动',
  'cycle.retimed': '调整时间表',
  'cycle.extended': '延期',
  'cycle.cancelled': '周期终止',
  'cycle.restarted': '周期重启',
  'contribution.received': '收到处室材料',
  'draft.saved': '保存草稿',
  'shufa_report.saved': '保存述法报告',
  'stage.advanced': '阶段办结',
  'stage.rejected': '退回',
  'stage.overdue': '逾期',
  'stage.reminder_unaddressed': '提醒后未办理',
  'stage.escalation_unaddressed': '督办后未办理',
  'notice.sent': '发送通知',
  'notice.delivery_failed': '通知发送失败',
  'shufa.panel_changed': '设定评议组',
  'shufa.meeting_recorded': '记录述法会议',
  'shufa.evaluated': '提交评分',
  'shufa.evaluation_closed': '结束评议',
  'rectification.issued': '下发整改问题',
  'rectification.done': '报告整改完成',
  'rectification.verify': '核验整改',
  'rectification.reopen': '退回整改',
  'rectification.carried': '问题结转',
};

/** One line of what the entry changed, for people (the stage, the version, the missing sections). */
function summary(entry: AuditEntry): string {
  const parts: string[] = [];
  const after = entry.after ?? {};
  const before = entry.before ?? {};
  // A stage step reads as where it went from and to ("报送 → 公开发布"); else where it stands.
  if (typeof before.stage === 'string' && typeof after.stage === 'string' && before.stage !== after.stage) {
    parts.push(`${stageLabel(before.stage)} → ${stageLabel(after.stage)}`);
  } else if (typeof after.stage === 'string') parts.push(stageLabel(after.stage));
  if (typeof after.version === 'number') parts.push(`第 ${after.version} 版`);
  if (Array.isArray(after.missing) && after.missing.length) {
    // A closed evaluation's `missing` are the evaluators who did not score; a text's, the parts it lacks.
    parts.push(
      entry.action === 'shufa.evaluation_closed'
        ? `${after.missing.length} 人未评分`
        : `缺 ${after.missing.length} 个必备部分`,
    );
  }
  if (entry.reason) parts.push(`${entry.action === 'stage.advanced' ? '意见' : '理由'}：${entry.reason}`);
  return parts.join(' · ');
}

const PAGE = 200;

/** The cycle's audit trail, newest first, as a timeline; long trails are read a page at a time. */
export function AuditTrail({ kind, cycleId }: { kind: 'report' | 'shufa'; cycleId: string }) {
  const trail = useInfiniteQuery({
    queryKey: ['audit', kind, cycleId],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => {
      const params = { path: { id: cycleId }, query: { limit: PAGE, offset: pageParam } };
      return answer(
        kind === 'report'
          ? api.GET('/api/report-cycles/{id}/audit', { params })
          : api.GET('/api/shufa-cycles/{id}/audit', { params }),
      );
    },
    getNextPageParam: (last, pages) => {
      const read = pages.reduce((n, p) => n + p.items.length, 0);
      return read < last.total ? read : undefined;
    },
  });
  if (trail.isLoading) return <Skeleton active />;
  if (trail.error) return <Alert type="error" showIcon message={trail.error.message} />;
  const items = trail.data?.pages.flatMap((p) => p.items) ?? [];
  const total = trail.data?.pages[0]?.total ?? 0;
  if (items.length === 0) return <Empty description="暂无记录" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Timeline
        data-testid="audit-trail"
        items={[...items]
          .sort((a, b) => b.at.localeCompare(a.at))
          .map((entry) => ({
            color: entry.action === 'stage.rejected' || entry.action === 'stage.overdue' ? 'red' : 'blue',
            children: (
              <div>
                <Typography.Text strong>{ACTIONS[entry.action] ?? entry.action}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {beijingTime(entry.at, 'YYYY-MM-DD HH:mm:ss')} · {entry.actor.label}
                </Typography.Text>
                <div>{summary(entry)}</div>
              </div>
            ),
          }))}
      />
      {trail.hasNextPage && (
        <Button onClick={() => void trail.fetchNextPage()} loading={trail.isFetchingNextPage}>
          已显示 {items.length} / {total} 条，加载更早的记录
        </Button>
      )}
    </Space>
  );
}
