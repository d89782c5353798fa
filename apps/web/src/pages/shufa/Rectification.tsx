/** The 问题清单: the office issues items and verifies or reopens them; the leader reports each done. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, fieldStatus, time } from '../../components/common';
import { RECTIFICATION_EVENTS, RECTIFICATION_STATUS, type RectificationItem, type ShufaCycle } from './types';

function refreshAll(client: ReturnType<typeof useQueryClient>) {
  return client.invalidateQueries();
}

function ItemStatus({ item }: { item: RectificationItem }) {
  const status = RECTIFICATION_STATUS[item.status] ?? { text: item.status, color: 'default' };
  return (
    <Space wrap size={4}>
      <Tag color={status.color} data-testid="item-status">
        {status.text}
      </Tag>
      <span>整改期限 {time(item.dueAt)}</span>
      {item.overdue && item.status !== 'verified' && <Tag color="error">已逾期</Tag>}
      {item.carriedFrom && <Tag>上年度（{item.carriedFrom.year}）转入</Tag>}
    </Space>
  );
}

function ItemHistory({ item }: { item: RectificationItem }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 20, fontSize: 13, color: '#666' }}>
      {item.history.map((h, i) => (
        <li key={i}>
          {time(h.at)} {RECTIFICATION_EVENTS[h.action] ?? h.action}
          {h.by ? ` · ${h.by.label}` : ''}
          {h.comment ? ` · ${h.action === 'reopened' ? '理由' : '说明'}：${h.comment}` : ''}
          {h.evidence ? ` · 佐证：${h.evidence}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Every item of the list, its status, due date and steps: for everyone who sees the cycle. */
export function RectificationCard({ cycle }: { cycle: ShufaCycle }) {
  const items = cycle.rectificationItems;
  return (
    <Card title="问题清单（整改）" data-testid="rectification-list">
      {items.length === 0 ? (
        <Empty description="尚无整改问题" />
      ) : (
        <List
          dataSource={items}
          rowKey="id"
          renderItem={(item) => (
            <List.Item data-testid="rectification-item">
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>{item.description}</Typography.Text>
                <ItemStatus item={item} />
                <ItemHistory item={item} />
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

interface IssueValues {
  description: string;
  dueAt?: Dayjs;
}

function IssueForm({ cycle }: { cycle: ShufaCycle }) {
  const client = useQueryClient();
  const [form] = Form.useForm<IssueValues>();
  const issue = useMutation({
    mutationFn: (v: IssueValues) =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/rectification-items', {
          params: { path: { id: cycle.id } },
          // A date means the end of that day, Beijing time (the API's rule).
          body: { description: v.description, dueAt: v.dueAt?.format('YYYY-MM-DD') ?? '' },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      void refreshAll(client);
    },
  });
  return (
    <Form<IssueValues>
      form={form}
      layout="vertical"
      name="issue"
      onFinish={(v) => issue.mutate(v)}
      aria-label="下发整改问题"
    >
      <ErrorAlert error={issue.error} fields={['description', 'dueAt']} />
      <Form.Item
        label="问题描述"
        name="description"
        rules={[{ required: true, message: '请填写问题描述' }]}
        {...fieldStatus(issue.error, 'description')}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
      </Form.Item>
      <Form.Item
        label="整改期限"
        name="dueAt"
        rules={[{ required: true, message: '请选择整改期限' }]}
        {...fieldStatus(issue.error, 'dueAt')}
      >
        <DatePicker style={{ width: 180 }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={issue.isPending}>
        下发整改问题
      </Button>
    </Form>
  );
}

/** The office's verify (销号) or reopen, with a reason, of an item reported done. */
function VerifyOrReopen({ cycle, item }: { cycle: ShufaCycle; item: RectificationItem }) {
  const client = useQueryClient();
  const [reopening, setReopening] = useState(false);
  const path = { id: cycle.id, itemId: item.id };
  const verify = useMutation({
    mutationFn: () =>
      answer<unknown>(api.POST('/api/shufa-cycles/{id}/rectification-items/{itemId}/verify', { params: { path } })),
    onSuccess: () => refreshAll(client),
  });
  const reopen = useMutation({
    mutationFn: (reason: string) =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/rectification-items/{itemId}/reopen', { params: { path }, body: { reason } }),
      ),
    onSuccess: () => refreshAll(client),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={verify.error} fields={[]} />
      <Space wrap>
        <Button type="primary" loading={verify.isPending} onClick={() => verify.mutate()}>
          核验通过（销号）
        </Button>
        <Button onClick={() => setReopening(!reopening)}>退回重改</Button>
      </Space>
      {reopening && (
        <Form
          layout="vertical"
          name={`reopen-${item.id}`}
          onFinish={(v: { reason: string }) => reopen.mutate(v.reason)}
        >
          <ErrorAlert error={reopen.error} fields={['reason']} />
          <Form.Item
            label="退回理由"
            name="reason"
            rules={[{ required: true, message: '请填写退回理由' }]}
            {...fieldStatus(reopen.error, 'reason')}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Button danger htmlType="submit" loading={reopen.isPending}>
            退回重改
          </Button>
        </Form>
      )}
    </Space>
  );
}

/** The office's work in rectification: issue items, verify or reopen those reported done, close the stage. */
export function OfficeRectification({ cycle }: { cycle: ShufaCycle }) {
  const client = useQueryClient();
  const close = useMutation({
    mutationFn: () =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/advance', {
          params: { path: { id: cycle.id } },
          body: { stage: 'shufa_rectification' },
        }),
      ),
    onSuccess: () => refreshAll(client),
  });
  const pending = cycle.rectificationItems.filter((i) => i.status === 'done');
  const open = cycle.rectificationItems.filter((i) => i.status === 'open');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <IssueForm cycle={cycle} />
      <div>
        <Typography.Title level={5}>待核验的整改事项</Typography.Title>
        {pending.length === 0 ? (
          <Empty description="暂无待核验的事项" />
        ) : (
          <List
            dataSource={pending}
            rowKey="id"
            renderItem={(item) => (
              <List.Item data-testid="pending-item">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text strong>{item.description}</Typography.Text>
                  <ItemStatus item={item} />
                  <ItemHistory item={item} />
                  <VerifyOrReopen cycle={cycle} item={item} />
                </Space>
              </List.Item>
            )}
          />
        )}
      </div>
      <div>
        <ErrorAlert error={close.error} fields={[]} />
        <Popconfirm
          title="办结整改阶段？"
          description={open.length > 0 ? `尚有 ${open.length} 项未完成，将转入该领导下一年度的述法` : '全部事项已办结'}
          okText="办结"
          cancelText="取消"
          onConfirm={() => close.mutate()}
        >
          <Button loading={close.isPending}>办结整改阶段</Button>
        </Popconfirm>
      </div>
    </Space>
  );
}

interface DoneValues {
  comment: string;
  evidence?: string;
}

/** The leader reports one item fixed (the task link names it: `?action=rectify&itemId=…`). */
export function ReportDone({ cycle, itemId }: { cycle: ShufaCycle; itemId: string }) {
  const client = useQueryClient();
  const item = cycle.rectificationItems.find((i) => i.id === itemId);
  const done = useMutation({
    mutationFn: (v: DoneValues) =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/rectification-items/{itemId}/done', {
          params: { path: { id: cycle.id, itemId } },
          body: { comment: v.comment, ...(v.evidence?.trim() ? { evidence: v.evidence.trim() } : {}) },
        }),
      ),
    onSuccess: () => refreshAll(client),
  });
  if (!item) return <Alert type="warning" showIcon message="找不到该整改事项" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong data-testid="rectify-item">
        {item.description}
      </Typography.Text>
      <ItemStatus item={item} />
      <ItemHistory item={item} />
      <Form layout="vertical" name="done" onFinish={(v: DoneValues) => done.mutate(v)} aria-label="报告整改完成">
        <ErrorAlert error={done.error} fields={['comment', 'evidence']} />
        <Form.Item
          label="整改情况"
          name="comment"
          rules={[{ required: true, message: '请填写整改情况' }]}
          {...fieldStatus(done.error, 'comment')}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={5000} />
        </Form.Item>
        <Form.Item label="佐证材料（选填）" name="evidence" {...fieldStatus(done.error, 'evidence')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={done.isPending}>
          报告整改完成
        </Button>
      </Form>
    </Space>
  );
}
