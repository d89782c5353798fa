import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { REPORT_SECTIONS } from '@domain/reports/section-check';
import { answer, api } from '../api/client';
import type { components } from '../api/schema';
import type { CycleDetail, CycleView, Page, StageView, Task, TextVersion } from '../api/views';
import { textCheck } from '../api/views';
import { useSession } from '../session';
import { ContributionsCard, PublicationCard, PublicationForm, TextVersions } from './report/ReportParts';
import { actionLabel, KIND_LABELS, stageLabel } from '../labels';
import { AuditTrail } from './AuditTrail';
import { CheckResult, durationText, ErrorAlert, fieldStatus, time } from '../components/common';
import { ShufaActions, ShufaPanels } from './shufa/ShufaPanels';

type Kind = 'report' | 'shufa';
/** A cycle's stage while it is open (its view says `string`: completed and cancelled too). */
type OpenStage = NonNullable<components['schemas']['AdvanceStageDto']['stage']>;

function StageTimeline({ cycle }: { cycle: CycleView }) {
  return (
    <Timeline
      items={cycle.stages.map((s: StageView) => {
        const open = s.startedAt && !s.endedAt;
        return {
          color: s.overdueBy ? 'red' : s.endedAt ? 'green' : open ? 'blue' : 'gray',
          children: (
            <div data-testid={`stage-${s.stage}`}>
              <Typography.Text strong>{stageLabel(s.stage)}</Typography.Text>{' '}
              {open && <Tag color="processing">进行中</Tag>}
              {s.endedAt && <Tag color="success">已办结</Tag>}
              {s.overdueBy && <Tag color="error">逾期 {durationText(s.overdueBy)}</Tag>}
              {s.extended && <Tag>已延期</Tag>}
              {(s.stage === 'drafting' || s.stage === 'shufa_writing') && cycle.rework > 0 && (
                <Tag color="warning">退回重做 {cycle.rework} 次</Tag>
              )}
              <div style={{ fontSize: 13, color: '#666' }}>
                截止 {time(s.dueAt)} · 开始 {time(s.startedAt)} · 办结 {time(s.endedAt)}
              </div>
            </div>
          ),
        };
      })}
    />
  );
}

/** The cycle's text (report draft / 述法 report): write a version, see what it lacks. */
function TextForm({ kind, cycleId, onSaved }: { kind: Kind; cycleId: string; onSaved(): void }) {
  const noun = kind === 'report' ? '报告草稿' : '述法报告';
  const [result, setResult] = useState<TextVersion | null>(null);
  const save = useMutation({
    mutationFn: (content: string) =>
      answer<TextVersion>(
        kind === 'report'
          ? api.POST('/api/report-cycles/{id}/drafts', { params: { path: { id: cycleId } }, body: { content } })
          : api.POST('/api/shufa-cycles/{id}/reports', { params: { path: { id: cycleId } }, body: { content } }),
      ),
    onSuccess: (saved) => {
      setResult(saved);
      onSaved();
    },
  });
  const check = result ? textCheck(result) : undefined;
  return (
    <Form layout="vertical" name="text" onFinish={(v: { content: string }) => save.mutate(v.content)}>
      {kind === 'report' && (
        <Typography.Paragraph type="secondary">
          必备部分：
          {REPORT_SECTIONS.filter((s) => s.required)
            .map((s) => s.title)
            .join('；')}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={save.error} fields={['content']} />
      <Form.Item
        label={`${noun}全文`}
        name="content"
        rules={[{ required: true, message: `请填写${noun}` }]}
        {...fieldStatus(save.error, 'content')}
      >
        <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        保存为新版本
      </Button>
      {result && check && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text>已保存第 {result.version} 版。</Typography.Text>
          <CheckResult check={check} />
        </div>
      )}
    </Form>
  );
}

interface AdvanceValues {
  comment?: string;
  meetingType?: string;
  meetingDate?: Dayjs;
  recipients?: string[];
}

/** Advance the open stage (with the meeting or the recipients its stage needs), or send it back with a reason. */
function StepForms({ kind, cycle, allowReject }: { kind: Kind; cycle: CycleView; allowReject: boolean }) {
  const client = useQueryClient();
  const base = kind === 'report' ? '/api/report-cycles/{id}' : '/api/shufa-cycles/{id}';
  const refresh = () => client.invalidateQueries();
  const advance = useMutation({
    mutationFn: (v: AdvanceValues) =>
      answer<CycleView>(
        api.POST(`${base}/advance` as '/api/report-cycles/{id}/advance', {
          params: { path: { id: cycle.id } },
          body: {
            stage: cycle.stage as OpenStage,
            ...(v.comment ? { comment: v.comment } : {}),
            ...(v.meetingType || v.meetingDate
              ? { meeting: { type: v.meetingType ?? '', date: v.meetingDate?.format('YYYY-MM-DD') ?? '' } }
              : {}),
            ...(v.recipients?.length ? { recipients: v.recipients } : {}),
          },
        }),
      ),
    onSuccess: refresh,
  });
  const reject = useMutation({
    mutationFn: (reason: string) =>
      answer<CycleView>(
        api.POST(`${base}/reject` as '/api/report-cycles/{id}/reject', {
          params: { path: { id: cycle.id } },
          body: { stage: cycle.stage as OpenStage, reason },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Form layout="vertical" name="advance" onFinish={(v: AdvanceValues) => advance.mutate(v)}>
        <ErrorAlert error={advance.error} fields={['comment', 'meeting', 'recipients']} />
        {cycle.stage === 'sign_off' && (
          <>
            <Form.Item
              label="审议会议类型"
              name="meetingType"
              {...fieldStatus(advance.error, 'meeting.type', ['meeting'])}
            >
              <Input placeholder="如：局长办公会、党组会议" />
            </Form.Item>
            <Form.Item label="审议会议日期" name="meetingDate" {...fieldStatus(advance.error, 'meeting.date')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {cycle.stage === 'submission' && (
          <Form.Item
            label="报送对象"
            name="recipients"
            tooltip="本级党委和政府、上级部门、依法治X办，逐个输入后回车"
            {...fieldStatus(advance.error, 'recipients')}
          >
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
        )}
        <Form.Item label="意见或说明" name="comment" {...fieldStatus(advance.error, 'comment')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={advance.isPending}>
          办结「{stageLabel(cycle.stage)}」，进入下一阶段
        </Button>
      </Form>
      {allowReject && (
        <Form layout="vertical" name="reject" onFinish={(v: { reason: string }) => reject.mutate(v.reason)}>
          <ErrorAlert error={reject.error} fields={['reason']} />
          <Form.Item
            label="退回理由"
            name="reason"
            rules={[{ required: true, message: '请填写退回理由' }]}
            {...fieldStatus(reject.error, 'reason')}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Button danger htmlType="submit" loading={reject.isPending}>
            退回
          </Button>
        </Form>
      )}
    </Space>
  );
}

function ContributionForm({ cycleId, divisionId }: { cycleId: string; divisionId: string }) {
  const client = useQueryClient();
  const hand = useMutation({
    mutationFn: (content: string) =>
      answer<CycleView>(
        api.POST('/api/report-cycles/{id}/contributions', {
          params: { path: { id: cycleId } },
          body: { divisionId, content },
        }),
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  return (
    <Form layout="vertical" name="contribution" onFinish={(v: { content: string }) => hand.mutate(v.content)}>
      <ErrorAlert error={hand.error} fields={['content']} />
      <Form.Item
        label="本处室材料"
        name="content"
        rules={[{ required: true, message: '请填写材料' }]}
        {...fieldStatus(hand.error, 'content')}
      >
        <Input.TextArea autoSize={{ minRows: 6 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={hand.isPending}>
        提交材料
      </Button>
    </Form>
  );
}

/** The one thing the caller may do now in this cycle (from his tasks), or why there is nothing. */
function ActionPanel({ kind, cycle, task }: { kind: Kind; cycle: CycleDetail; task: Task | undefined }) {
  const client = useQueryClient();
  const { me } = useSession();
  const organizationName = me?.organization?.id === cycle.organizationId ? me.organization.name : undefined;
  if (!task) {
    return <Empty description="您在当前阶段没有需要办理的事项" />;
  }
  const refreshTexts = () => {
    void client.invalidateQueries({ queryKey: ['texts', cycle.id] });
    void client.invalidateQueries({ queryKey: ['audit', kind, cycle.id] });
  };
  switch (task.action) {
    case 'contribute':
      return task.divisionId ? <ContributionForm cycleId={cycle.id} divisionId={task.divisionId} /> : null;
    case 'draft':
    case 'write_shufa':
      return (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <TextForm kind={kind} cycleId={cycle.id} onSaved={refreshTexts} />
          <StepForms kind={kind} cycle={cycle} allowReject={false} />
        </Space>
      );
    case 'review':
    case 'review_shufa':
    case 'sign_off':
    case 'submit':
      return <StepForms kind={kind} cycle={cycle} allowReject />;
    case 'publish':
      return <PublicationForm cycle={cycle} organizationName={organizationName} />;
    default:
      return kind === 'shufa' ? (
        <ShufaActions cycle={cycle} task={task} />
      ) : (
        <Alert type="info" showIcon message={`「${actionLabel(task.action)}」请在后续版本的控制台中办理`} />
      );
  }
}

export function CyclePage({ kind }: { kind: Kind }) {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const cycle = useQuery({
    queryKey: ['cycle', kind, id],
    queryFn: () =>
      answer<CycleDetail>(
        kind === 'report'
          ? api.GET('/api/report-cycles/{id}', { params: { path: { id } } })
          : api.GET('/api/shufa-cycles/{id}', { params: { path: { id } } }),
      ),
  });
  const tasks = useQuery({ queryKey: ['me', 'tasks'], queryFn: () => answer<Page<Task>>(api.GET('/api/me/tasks')) });
  if (cycle.isLoading) return <Skeleton active aria-label="正在加载" />;
  if (cycle.error || !cycle.data) {
    return <Alert type="error" showIcon message={cycle.error?.message ?? '无法加载该周期'} />;
  }
  const c = cycle.data;
  const wanted = params.get('action');
  const mine = (tasks.data?.items ?? []).filter((t) => t.cycleId === c.id);
  const task =
    mine.find(
      (t) =>
        (!wanted || t.action === wanted) &&
        (!params.get('divisionId') || t.divisionId === params.get('divisionId')) &&
        (!params.get('itemId') || t.rectificationItemId === params.get('itemId')),
    ) ?? mine[0];
  const ended = c.stage === 'completed' || c.stage === 'cancelled';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{`${c.year} 年度${KIND_LABELS[kind]}`}</h1>}>
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          <Descriptions.Item label="周期">{c.id}</Descriptions.Item>
          <Descriptions.Item label="当前阶段">
            <span data-testid="current-stage">{stageLabel(c.stage)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="截止">
            {time(c.dueAt)} {c.overdue && <Tag color="red">已逾期</Tag>}
          </Descriptions.Item>
          {c.rework > 0 && <Descriptions.Item label="退回重做">{c.rework} 次</Descriptions.Item>}
        </Descriptions>
      </Card>
      {!ended && (
        <Card title={task ? `当前待办：${actionLabel(task.action)}` : '当前待办'} loading={tasks.isLoading}>
          {wanted && task && task.action !== wanted && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={`「${actionLabel(wanted)}」已不是您当前的待办`}
            />
          )}
          <ActionPanel kind={kind} cycle={c} task={task} />
        </Card>
      )}
      {c.publication && (
        <Card title="公开信息">
          <PublicationCard cycleId={c.id} publication={c.publication} />
        </Card>
      )}
      {kind === 'report' && (c.contributions?.length ?? 0) > 0 && (
        <Card title="各处室材料">
          <ContributionsCard contributions={c.contributions ?? []} />
        </Card>
      )}
      <Card title="阶段进度">
        <StageTimeline cycle={c} />
      </Card>
      {kind === 'shufa' && <ShufaPanels cycle={c} />}
      <Card title={kind === 'report' ? '草稿版本' : '述法报告版本'}>
        <TextVersions kind={kind} cycleId={c.id} />
      </Card>
      <Card title="办理记录">
        <AuditTrail kind={kind} cycleId={c.id} />
      </Card>
    </Space>
  );
}
