import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Tag } from 'antd';
import { time } from '../components/common';
import { Link } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { CycleView } from '../api/views';
import { cyclePath, KIND_LABELS, stageLabel } from '../labels';

export function CyclesPage({ kind }: { kind: 'report' | 'shufa' }) {
  const cycles = useQuery({
    queryKey: ['cycles', kind],
    queryFn: () => answer(kind === 'report' ? api.GET('/api/report-cycles') : api.GET('/api/shufa-cycles')),
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{KIND_LABELS[kind]}</h1>}>
      {cycles.error && <Alert type="error" showIcon message={cycles.error.message} />}
      <Table<CycleView>
        loading={cycles.isLoading}
        dataSource={cycles.data?.items}
        rowKey="id"
        scroll={{ x: true }}
        locale={{ emptyText: '暂无周期' }}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '周期', dataIndex: 'id', render: (id: string) => <Link to={cyclePath(kind, id)}>{id}</Link> },
          { title: '年度', dataIndex: 'year' },
          { title: '阶段', dataIndex: 'stage', render: (s: string) => stageLabel(s) },
          {
            title: '截止',
            dataIndex: 'dueAt',
            render: (d: string | null, c) => (
              <>
                {time(d)} {c.overdue && <Tag color="red">已逾期</Tag>}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
