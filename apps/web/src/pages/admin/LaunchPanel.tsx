/** Launching the year's cycles, with the launch's progress polled until it is done; closing the year. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Progress, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, fieldStatus } from '../../components/common';
import { beijing, type Calendar, type LaunchStatus } from './adminApi';

/** A launch still to finish: started, and its workflow not yet completed. */
const running = (s: LaunchStatus | undefined) =>
  !!s?.launch && s.launch.status === 'RUNNING' && !(s.launch.progress?.done ?? false);

function percent(s: LaunchStatus): number {
  if (!s.launch) return 0;
  if (s.launch.status === 'COMPLETED' || s.launch.progress?.done) return 100;
  const started = s.launch.progress ? s.launch.progress.reportStarted : s.reportCycles;
  // Never 100 before the launch says it is done.
  return Math.min(99, Math.round((100 * started) / Math.max(1, s.departments)));
}

export function LaunchPanel({ calendar }: { calendar: Calendar }) {
  const client = useQueryClient();
  const [acknowledged, setAcknowledged] = useState(false);
  const [polling, setPolling] = useState(false);
  const status = useQuery({
    queryKey: ['calendar-launch', calendar.id],
    queryFn: () =>
      answer<LaunchStatus>(api.GET('/api/calendars/{id}/launch', { params: { path: { id: calendar.id } } })),
    refetchInterval: (query) => (polling || running(query.state.data) ? 1000 : false),
  });
  const launch = useMutation({
    mutationFn: () =>
      answer<LaunchStatus>(
        api.POST('/api/calendars/{id}/launch', {
          params: { path: { id: calendar.id } },
          body: acknowledged ? { acknowledgeUnknownHolidays: true } : {},
        }),
      ),
    onSuccess: (answered) => {
      client.setQueryData(['calendar-launch', calendar.id], answered);
      setPolling(true);
    },
  });
  const s = status.data;
  const finished = polling && !!s?.launch && !running(s) && s.status === 'launched';
  useEffect(() => {
    if (!finished) return;
    // Done: the calendar is launched now (its status and the editor's reason rule follow).
    setPolling(false);
    void client.invalidateQueries({ queryKey: ['calendar', calendar.id] });
  }, [finished, client, calendar.id]);
  const warnings = s?.warnings ?? calendar.warnings;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>启动全年流程</h2>}>
      {status.isLoading ? (
        <Skeleton active />
      ) : !s ? (
        <ErrorAlert error={status.error} fields={[]} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            辖区内 {s.departments} 个部门
            {s.departmentsWithoutLeader > 0 && `（其中 ${s.departmentsWithoutLeader} 个未设主要负责人，不启动述法）`}；
            已启动 {s.reportCycles} 个年度报告流程、{s.shufaCycles} 个述法流程。
          </Typography.Text>
          {s.launch && (
            <div data-testid="launch-progress">
              <Progress
                percent={percent(s)}
                status={percent(s) === 100 ? 'success' : s.launch.status === 'RUNNING' ? 'active' : 'exception'}
                aria-label="启动进度"
              />
              <Typography.Text data-testid="launch-state">
                {percent(s) === 100
                  ? `启动完成${s.launchedAt ? `（${beijing(s.launchedAt)}）` : ''}`
                  : s.launch.status === 'RUNNING'
                    ? '正在启动…'
                    : `启动未完成（${s.launch.status}）`}
              </Typography.Text>
            </div>
          )}
          {s.scheduled?.launchAt && !s.launch && (
            <Alert type="info" showIcon message={`已设置定时启动：${beijing(s.scheduled.launchAt)}`} />
          )}
          {calendar.status !== 'closed' && (
            <>
              {warnings.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  message={`${warnings.map((w) => w.year).join('、')}年的节假日安排尚未导入`}
                  description={
                    <Checkbox checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)}>
                      我知悉：这些年度的法定节假日和调休尚未公布，截止、提醒和督办时间暂按普通周末计算，可能落在节假日；通知发布后导入即自动调整
                    </Checkbox>
                  }
                />
              )}
              <ErrorAlert error={launch.error} fields={[]} />
              <Button
                type="primary"
                onClick={() => launch.mutate()}
                loading={launch.isPending}
                disabled={running(s) || (warnings.length > 0 && !acknowledged)}
              >
                {s.launch ? '补充启动（只启动尚未启动的部门）' : '启动全年流程'}
              </Button>
            </>
          )}
          {calendar.status === 'launched' && <CloseYear calendar={calendar} />}
        </Space>
      )}
    </Card>
  );
}

function CloseYear({ calendar }: { calendar: Calendar }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const client = useQueryClient();
  const close = useMutation({
    mutationFn: () =>
      answer<Calendar>(
        api.POST('/api/calendars/{id}/close', { params: { path: { id: calendar.id } }, body: { reason } }),
      ),
    onSuccess: (closed) => {
      client.setQueryData(['calendar', calendar.id], closed);
      setOpen(false);
    },
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        关闭年度…
      </Button>
      <Modal
        title="关闭年度"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => close.mutate()}
        okText="关闭年度"
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={close.isPending}
      >
        <Typography.Paragraph>
          关闭后日历和各流程只读；仍在进行中的流程随之结束，原因记入每个流程的审计记录。
        </Typography.Paragraph>
        <ErrorAlert error={close.error} fields={['reason']} />
        <Form layout="vertical">
          <Form.Item label="关闭原因" required {...fieldStatus(close.error, 'reason')}>
            <Input.TextArea aria-label="关闭原因" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
