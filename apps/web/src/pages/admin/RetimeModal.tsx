/**
 * Changing a launched calendar re-times every running cycle of it. Before confirming, the admin sees
 * which cycles and which of their stages move (the API has no dry run: the calendar's cycles are read
 * from the cycle lists and compared with the new settings here), and gives the required reason.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Form, Input, List, Modal, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { stageLabel } from '../../labels';
import { beijing, type Calendar, type CycleView, fieldError } from './adminApi';
import { bodyOf, type CalendarFormValues } from './CalendarForm';

/** A due value as an instant (a plain date is the end of that day in Beijing), as the API reads it. */
function instant(value: string | undefined): number | null {
  if (!value) return null;
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+08:00` : value);
  return Number.isNaN(at) ? null : at;
}

async function cyclesOf(calendar: Calendar): Promise<CycleView[]> {
  const query = { year: calendar.year, limit: 200 };
  const lists = await Promise.all([
    answer(api.GET('/api/report-cycles', { params: { query } })),
    answer(api.GET('/api/shufa-cycles', { params: { query } })),
  ]);
  return lists.flatMap((l) => l.items).filter((c) => c.calendarId === calendar.id);
}

export function RetimeModal({
  calendar,
  values,
  saving,
  error,
  onCancel,
  onConfirm,
}: {
  calendar: Calendar;
  values: CalendarFormValues;
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const cycles = useQuery({ queryKey: ['calendar-cycles', calendar.id], queryFn: () => cyclesOf(calendar) });
  const next = useMemo(() => bodyOf(values, true, calendar), [values, calendar]);
  const movedStages = useMemo(
    () => Object.keys(next.due).filter((stage) => instant(next.due[stage]) !== instant(calendar.due[stage])),
    [next, calendar],
  );
  const noticesChanged =
    next.reminders.join() !== calendar.reminders.join() ||
    JSON.stringify(next.escalation) !== JSON.stringify(calendar.escalation) ||
    JSON.stringify(next.quietHours) !== JSON.stringify(calendar.quietHours) ||
    next.rollover !== calendar.rollover;
  const affected = (cycles.data ?? [])
    .filter((c) => c.stage !== 'completed' && c.stage !== 'cancelled')
    .map((c) => ({
      cycle: c,
      stages: c.stages.filter((s) => !s.endedAt && movedStages.includes(s.stage)),
    }));
  const missingReason = tried && !reason.trim();
  return (
    <Modal
      title="修改已启动的日历"
      open
      width={720}
      onCancel={onCancel}
      okText="确认修改并调整流程"
      confirmLoading={saving}
      onOk={() => {
        setTried(true);
        if (reason.trim()) onConfirm(reason.trim());
      }}
    >
      <Typography.Paragraph>
        该日历已启动。保存后，以下运行中的流程将按新设置重新计时，修改原因记入每个流程的审计记录；已结束的阶段和已发出的提醒不受影响。
      </Typography.Paragraph>
      {movedStages.length === 0 && !noticesChanged && (
        <Alert type="info" showIcon message="截止时间与提醒设置均未改变" style={{ marginBottom: 12 }} />
      )}
      {movedStages.length > 0 && (
        <Typography.Paragraph>
          截止时间改变的阶段：
          {movedStages.map((s) => (
            <Tag key={s}>
              {stageLabel(s)}：{beijing(calendar.due[s])} → {beijing(next.due[s])}
            </Tag>
          ))}
          （遇非工作日按调整规则处理）
        </Typography.Paragraph>
      )}
      {noticesChanged && (
        <Typography.Paragraph>提醒、督办或免打扰设置已改变：各流程的提醒和督办时间将重新安排。</Typography.Paragraph>
      )}
      {cycles.isLoading ? (
        <Skeleton active />
      ) : cycles.error ? (
        <ErrorAlert error={cycles.error} fields={[]} />
      ) : (
        <div data-testid="retime-cycles">
          <List
            size="small"
            bordered
            header={`运行中的流程（${affected.length} 个）`}
            locale={{ emptyText: <Empty description="没有运行中的流程" /> }}
            dataSource={affected}
            style={{ maxHeight: 280, overflow: 'auto', marginBottom: 12 }}
            renderItem={({ cycle, stages }) => (
              <List.Item>
                <div>
                  <Typography.Text strong>{cycle.id}</Typography.Text>（当前：{stageLabel(cycle.stage)}）
                  <div>
                    {stages.length === 0 ? (
                      <Typography.Text type="secondary">
                        {noticesChanged ? '截止时间不变，提醒与督办重新安排' : '截止时间不变'}
                      </Typography.Text>
                    ) : (
                      stages.map((s) => (
                        <Tag key={s.stage} color="orange">
                          {stageLabel(s.stage)}：{beijing(s.dueAt)} → {beijing(next.due[s.stage])}
                          {s.extended ? '（该阶段曾单独延期）' : ''}
                        </Tag>
                      ))
                    )}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </div>
      )}
      <ErrorAlert error={error} fields={['reason', 'due', 'reminders', 'escalation', 'quietHours', 'rollover']} />
      <Form layout="vertical">
        <Form.Item
          label="修改原因"
          required
          {...(missingReason
            ? { validateStatus: 'error' as const, help: '请说明修改原因' }
            : fieldError(error, 'reason'))}
        >
          <Input.TextArea aria-label="修改原因" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
