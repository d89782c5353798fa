/** The 述法's panel, mode and dimensions: what everyone reads, and the office's form to set them. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Progress,
  Radio,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, time } from '../../components/common';
import {
  EVALUATOR_TYPE_LABELS,
  fieldStatusAny,
  RATINGS,
  settingsOpen,
  SHUFA_MODE_LABELS,
  useJurisdictionEvaluators,
  useScoredBy,
  type Dimension,
  type EvaluatorType,
  type PanelMember,
  type ShufaCycle,
  type ShufaMode,
} from './types';

const TYPE_OPTIONS = Object.entries(EVALUATOR_TYPE_LABELS).map(([value, label]) => ({ value, label }));

/** `学法用法 ×1（25%）`: a dimension with its weight and share. */
export function dimensionLabel(d: Dimension, dimensions: Dimension[]): string {
  const total = dimensions.reduce((sum, x) => sum + x.weight, 0);
  const share = total > 0 ? Math.round((d.weight / total) * 1000) / 10 : 0;
  return `${d.name}（权重 ${d.weight}，占 ${share}%）`;
}

export function scaleLabel(cycle: ShufaCycle): string {
  if (cycle.scale.kind === 'scores') return '百分制打分（0–100 分）';
  const c = cycle.scale.coefficients;
  return `等次评价（${RATINGS.map((r) => `${r} ×${c[r]}`).join('、')}）`;
}

/** A panel member's name where the caller may see it, else his place on the panel. */
export function memberName(names: Map<string, string>, panel: PanelMember[], userId: string): string {
  return names.get(userId) ?? `评议人 ${panel.findIndex((m) => m.userId === userId) + 1}`;
}

interface MemberChoice {
  on?: boolean;
  type?: EvaluatorType;
}

interface PanelValues {
  mode: ShufaMode;
  dimensions: Dimension[];
  members: Record<string, MemberChoice>;
}

/** The office sets the mode, the panel (the jurisdiction's evaluators, each of a type) and the dimensions. */
function PanelForm({ cycle, onDone }: { cycle: ShufaCycle; onDone(): void }) {
  const client = useQueryClient();
  const evaluators = useJurisdictionEvaluators(cycle.jurisdictionId);
  const [sent, setSent] = useState<PanelMember[]>([]);
  const save = useMutation({
    mutationFn: (body: { mode: ShufaMode; evaluators: PanelMember[]; dimensions?: Dimension[] }) =>
      answer<unknown>(api.PUT('/api/shufa-cycles/{id}/panel', { params: { path: { id: cycle.id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries();
      onDone();
    },
  });
  if (evaluators.isLoading) return <Skeleton active aria-label="正在加载评议人" />;
  const known = evaluators.data ?? [];
  // Members already named whom the list does not show (e.g. since deactivated) stay choosable.
  const candidates = [
    ...known,
    ...cycle.panel
      .filter((m) => !known.some((u) => u.id === m.userId))
      .map((m, i) => ({
        id: m.userId,
        name: `评议人 ${i + 1}（${m.userId.slice(0, 8)}）`,
      })),
  ];
  const initial: PanelValues = {
    mode: cycle.mode,
    dimensions: cycle.dimensions,
    members: Object.fromEntries(
      candidates.map((u) => {
        const member = cycle.panel.find((m) => m.userId === u.id);
        return [u.id, { on: Boolean(member), type: member?.type ?? 'npc_deputy' }];
      }),
    ),
  };
  const submit = (v: PanelValues) => {
    const chosen = candidates
      .filter((u) => v.members[u.id]?.on)
      .map((u) => ({ userId: u.id, type: v.members[u.id]?.type ?? 'npc_deputy' }));
    const dimensions = (v.dimensions ?? []).map((d) => ({ name: (d.name ?? '').trim(), weight: Number(d.weight) }));
    setSent(chosen);
    // Dimensions are sent only when changed: once someone has scored they may not change at all.
    const changed = JSON.stringify(dimensions) !== JSON.stringify(cycle.dimensions);
    save.mutate({ mode: v.mode, evaluators: chosen, ...(changed ? { dimensions } : {}) });
  };
  const memberStatus = (userId: string) => {
    const i = sent.findIndex((m) => m.userId === userId);
    if (i < 0) return {};
    return fieldStatusAny(
      save.error,
      ...['userId', 'type'].flatMap((f) => [
        `evaluators[${i}].${f}`,
        `evaluators.${i}.${f}`,
        `settings.panel[${i}].${f}`,
      ]),
    );
  };
  return (
    <Form<PanelValues>
      layout="vertical"
      name="panel"
      initialValues={initial}
      onFinish={submit}
      aria-label="设定评议组和述法方式"
    >
      <ErrorAlert error={save.error} fields={['evaluators', 'dimensions', 'settings', 'mode']} />
      <Form.Item label="述法方式" name="mode" {...fieldStatusAny(save.error, 'mode', 'settings.mode')}>
        <Radio.Group
          options={Object.entries(SHUFA_MODE_LABELS).map(([value, label]) => ({ value, label }))}
          optionType="button"
        />
      </Form.Item>
      <Form.Item
        label="评议组成员（本辖区的述法评议人）"
        required
        {...fieldStatusAny(save.error, 'evaluators', 'settings.panel')}
      >
        {candidates.length === 0 ? (
          <Empty description="本辖区尚无具有述法评议人角色的用户" />
        ) : (
          <List
            size="small"
            bordered
            dataSource={candidates}
            rowKey="id"
            renderItem={(u) => (
              <List.Item data-testid="panel-candidate">
                <Space wrap style={{ width: '100%' }}>
                  <Form.Item name={['members', u.id, 'on']} valuePropName="checked" noStyle>
                    <Checkbox aria-label={`选入评议组：${u.name}`}>{u.name}</Checkbox>
                  </Form.Item>
                  <Form.Item name={['members', u.id, 'type']} noStyle>
                    <Select aria-label={`${u.name} 的评议人类型`} options={TYPE_OPTIONS} style={{ width: 130 }} />
                  </Form.Item>
                  {memberStatus(u.id).help && (
                    <Typography.Text type="danger" role="alert">
                      {memberStatus(u.id).help}
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Form.Item>
      <Form.Item
        label={cycle.scored > 0 ? '评议维度（已有评议人评分，不能再修改）' : '评议维度和权重'}
        {...fieldStatusAny(save.error, 'dimensions', 'settings.dimensions')}
      >
        <Form.List name="dimensions">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: '请填写维度名称' }]}
                    style={{ marginBottom: 8 }}
                    {...fieldStatusAny(
                      save.error,
                      `dimensions.${i}.name`,
                      `dimensions[${i}].name`,
                      `settings.dimensions[${i}].name`,
                    )}
                  >
                    <Input aria-label={`第 ${i + 1} 个维度名称`} placeholder="维度名称" style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'weight']}
                    rules={[{ required: true, message: '请填写权重' }]}
                    style={{ marginBottom: 8 }}
                    {...fieldStatusAny(
                      save.error,
                      `dimensions.${i}.weight`,
                      `dimensions[${i}].weight`,
                      `settings.dimensions[${i}].weight`,
                    )}
                  >
                    <InputNumber aria-label={`第 ${i + 1} 个维度权重`} placeholder="权重" style={{ width: 100 }} />
                  </Form.Item>
                  <Button aria-label={`删除第 ${i + 1} 个维度`} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', weight: 1 })}>
                添加维度
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存评议安排
        </Button>
        <Button onClick={onDone}>取消</Button>
      </Space>
    </Form>
  );
}

/** Mode, scale, dimensions, the panel and who has scored; once closed, the result (as the API gives it). */
export function PanelCard({ cycle, isAdmin, meId }: { cycle: ShufaCycle; isAdmin: boolean; meId?: string }) {
  const [editing, setEditing] = useState(false);
  const evaluators = useJurisdictionEvaluators(cycle.jurisdictionId);
  const scoredBy = useScoredBy(cycle.id);
  const names = new Map((evaluators.data ?? []).map((u) => [u.id, u.name]));
  const closed = cycle.evaluationClosedAt !== null;
  const of = cycle.panel.length;
  const mayEdit = isAdmin && settingsOpen(cycle);
  const result = cycle.result;
  return (
    <Card
      title="评议安排与进度"
      data-testid="shufa-panel"
      extra={
        mayEdit && !editing ? (
          <Button onClick={() => setEditing(true)} data-testid="edit-panel">
            调整评议安排
          </Button>
        ) : null
      }
    >
      {editing ? (
        <PanelForm cycle={cycle} onDone={() => setEditing(false)} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
            <Descriptions.Item label="述法方式">
              <span data-testid="shufa-mode">{SHUFA_MODE_LABELS[cycle.mode]}</span>
            </Descriptions.Item>
            <Descriptions.Item label="评分方式">{scaleLabel(cycle)}</Descriptions.Item>
            <Descriptions.Item label="评议维度">
              <Space wrap size={4} data-testid="shufa-dimensions">
                {cycle.dimensions.map((d) => (
                  <Tag key={d.name}>{dimensionLabel(d, cycle.dimensions)}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="评议进度">
              <Space data-testid="shufa-progress">
                <span>
                  已评分 {cycle.scored} / {of} 人
                </span>
                {closed ? <Tag color="success">评议已结束 {time(cycle.evaluationClosedAt)}</Tag> : null}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          {of > 0 && (
            <Progress
              percent={Math.round((cycle.scored / of) * 100)}
              size="small"
              aria-label={`评议进度 ${cycle.scored}/${of}`}
            />
          )}
          {of === 0 ? (
            <Empty description="尚未确定评议组成员" />
          ) : (
            <List
              size="small"
              header={<Typography.Text strong>评议组成员</Typography.Text>}
              dataSource={cycle.panel}
              rowKey="userId"
              data-testid="panel-members"
              renderItem={(m) => {
                const scored = scoredBy.data?.has(m.userId) || result?.evaluators.some((e) => e.userId === m.userId);
                const missing = result?.missing.includes(m.userId);
                return (
                  <List.Item>
                    <Space wrap>
                      <span>{memberName(names, cycle.panel, m.userId)}</span>
                      {m.userId === meId && <Tag color="blue">本人</Tag>}
                      <Tag>{EVALUATOR_TYPE_LABELS[m.type] ?? m.type}</Tag>
                      {scored ? (
                        <Tag color="success">已评分</Tag>
                      ) : missing ? (
                        <Tag color="error">未评分（缺评）</Tag>
                      ) : (
                        <Tag>未评分</Tag>
                      )}
                    </Space>
                  </List.Item>
                );
              }}
            />
          )}
          {closed && result && (
            <Alert
              type={result.insufficient ? 'warning' : 'success'}
              showIcon
              data-testid="shufa-result"
              message={
                result.grade
                  ? `评议结果：${result.score ?? '—'} 分，${result.grade}`
                  : result.insufficient
                    ? `评议人数不足（需 ${result.quorumNeeded} 人，实评 ${result.evaluators.length} 人），不评定等次`
                    : '无人评分，不评定等次'
              }
              description={
                result.evaluators.length > 0 ? (
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {result.evaluators.map((e) => (
                      <li key={e.userId}>
                        {memberName(names, cycle.panel, e.userId)}：{e.score} 分
                        {e.counted ? '' : '（去掉的最高或最低分）'}
                      </li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
          {!closed && <Typography.Text type="secondary">各评议人的评分在评议结束前保密，仅本人可见。</Typography.Text>}
        </Space>
      )}
    </Card>
  );
}
