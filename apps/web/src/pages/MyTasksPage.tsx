import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { beijingTime } from '../components/common';
import { Link } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { Task } from '../api/views';
import { actionLabel, cyclePath, KIND_LABELS, stageLabel } from '../labels';
import { LIGHT_LABELS, timeLeft } from '../lights';

function taskPath(task: Task): string {
  const extra: Record<string, string> = {};
  if (task.divisionId) extra.divisionId = task.divisionId;
  if (task.rectificationItemId) extra.itemId = task.rectificationItemId;
  return cyclePath(task.kind, task.cycleId, task.action, extra);
}

export function MyTasksPage() {
  const tasks = useQuery({
    queryKey: ['me', 'tasks'],
    queryFn: () => answer(api.GET('/api/me/tasks')),
    refetchInterval: 30_000,
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>我的待办</h1>}>
      {tasks.isLoading && <Skeleton active aria-label="正在加载待办" />}
      {tasks.error && <Alert type="error" showIcon message={tasks.error.message} />}
      {tasks.data && tasks.data.items.length === 0 && <Empty description="暂无待办事项" />}
      {tasks.data && tasks.data.items.length > 0 && (
        <List
          aria-label="待办事项"
          dataSource={tasks.data.items}
          rowKey={(t) => `${t.cycleId}:${t.action}:${t.divisionId ?? ''}:${t.rectificationItemId ?? ''}`}
          renderItem={(task) => {
            const light = LIGHT_LABELS[task.light];
            return (
              <List.Item data-testid="task" data-light={task.light}>
                <Link to={taskPath(task)} style={{ display: 'block', width: '100%' }}>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Tag color={light.color} aria-label={light.text}>
                        {light.text}
                      </Tag>
                      <Typography.Text strong>{actionLabel(task.action)}</Typography.Text>
                    </Space>
                    <Typography.Text type="secondary">
                      {KIND_LABELS[task.kind]} · {stageLabel(task.stage)} · {task.cycleId}
                    </Typography.Text>
                    <Typography.Text>
                      截止：{task.dueAt ? beijingTime(task.dueAt, 'YYYY年M月D日 HH:mm') : '无'}（{timeLeft(task.dueAt)}
                      ）
                    </Typography.Text>
                  </Space>
                </Link>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
