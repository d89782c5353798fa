/** A panel member's scoring form and his own marks; the office's early close of the evaluation. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { answer, api } from '../../api/client';
import { ErrorAlert, fieldStatus, time } from '../../components/common';
import { dimensionLabel, scaleLabel } from './Panel';
import { fieldStatusAny, RATINGS, type EvaluationsAnswer, type Marks, type Rating, type ShufaCycle } from './types';

interface EvaluationValues {
  marks: Record<string, number | Rating>;
  comment?: string;
}

/** The evaluator's form: each dimension with its weight, a score or rating each (per the scale), a comment. */
export function EvaluationForm({ cycle }: { cycle: ShufaCycle }) {
  const client = useQueryClient();
  const ratings = cycle.scale.kind === 'ratings';
  const evaluate = useMutation({
    mutationFn: (v: EvaluationValues) =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/evaluations', {
          params: { path: { id: cycle.id } },
          body: {
            ...(ratings
              ? { ratings: v.marks as Record<string, Rating> }
              : { scores: v.marks as Record<string, number> }),
            ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  const kind = ratings ? 'ratings' : 'scores';
  return (
    <Form<EvaluationValues>
      layout="vertical"
      name="evaluation"
      onFinish={(v) => evaluate.mutate(v)}
      aria-label="述法评分"
    >
      <Typography.Paragraph type="secondary">
        {scaleLabel(cycle)}。提交后不能修改；评议结束前，其他评议人的评分对您保密，您的评分也只对您本人可见。
      </Typography.Paragraph>
      <ErrorAlert error={evaluate.error} fields={['scores', 'ratings', 'comment']} />
      {cycle.dimensions.map((d) => (
        <Form.Item
          key={d.name}
          label={dimensionLabel(d, cycle.dimensions)}
          name={['marks', d.name]}
          rules={[{ required: true, message: ratings ? '请选择等次' : '请填写 0–100 的分数' }]}
          {...fieldStatusAny(evaluate.error, `${kind}.${d.name}`)}
        >
          {ratings ? (
            <Radio.Group options={RATINGS.map((r) => ({ value: r, label: r }))} optionType="button" />
          ) : (
            <InputNumber min={0} max={100} style={{ width: 160 }} addonAfter="分" />
          )}
        </Form.Item>
      ))}
      <Form.Item label="评议意见" name="comment" {...fieldStatus(evaluate.error, 'comment')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={evaluate.isPending}>
        提交评分
      </Button>
    </Form>
  );
}

function marksText(marks: Marks, name: string): string {
  if ('scores' in marks) return marks.scores[name] === undefined ? '—' : `${marks.scores[name]} 分`;
  return marks.ratings[name] ?? '—';
}

/** A panel member's own marks (the API shows him his own only, until the evaluation closes). */
export function OwnMarksCard({ cycle }: { cycle: ShufaCycle }) {
  const evaluations = useQuery({
    queryKey: ['shufa-evaluations', cycle.id, cycle.scored, cycle.evaluationClosedAt],
    queryFn: () =>
      answer<EvaluationsAnswer>(api.GET('/api/shufa-cycles/{id}/evaluations', { params: { path: { id: cycle.id } } })),
  });
  if (evaluations.isLoading) return <Skeleton active aria-label="正在加载本人评分" />;
  if (evaluations.error) return <Alert type="error" showIcon message={evaluations.error.message} />;
  const data = evaluations.data;
  const own = data?.own ?? null;
  if (!own) return null;
  return (
    <Card title="本人评分" data-testid="own-marks">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        {cycle.dimensions.map((d) => (
          <Descriptions.Item key={d.name} label={d.name}>
            {marksText(own.marks, d.name)}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="评议意见">{own.comment ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="提交时间">{time(new Date(own.at).toISOString())}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The office closes the evaluation before its due date (members yet to score are recorded missing). */
export function CloseEvaluation({ cycle }: { cycle: ShufaCycle }) {
  const client = useQueryClient();
  const close = useMutation({
    mutationFn: () =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/advance', {
          params: { path: { id: cycle.id } },
          body: { stage: 'shufa_evaluation' },
        }),
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  const of = cycle.panel.length;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>
        已有 {cycle.scored} / {of}{' '}
        名评议人评分。全部评分后或到截止时间，评议自动结束；也可以现在结束，未评分者记为缺评。
        评议组、述法方式和述法会议记录可在下方「评议安排与进度」「述法会议」中调整。
      </Typography.Paragraph>
      <ErrorAlert error={close.error} fields={[]} />
      <Popconfirm
        title="结束评议？"
        description={`尚有 ${Math.max(of - cycle.scored, 0)} 人未评分，将记为缺评`}
        okText="结束评议"
        cancelText="取消"
        onConfirm={() => close.mutate()}
      >
        <Button type="primary" danger loading={close.isPending}>
          结束评议
        </Button>
      </Popconfirm>
    </Space>
  );
}
