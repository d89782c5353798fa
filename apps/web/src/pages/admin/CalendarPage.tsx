/** One calendar: its editor beside the year's timeline, its launch, and re-timing once launched. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { answer, api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { beijing, type Calendar, CALENDAR_STATUS_LABELS } from './adminApi';
import { bodyOf, CalendarFields, type CalendarFormValues, valuesOf } from './CalendarForm';
import { CalendarTimeline } from './CalendarTimeline';
import { LaunchPanel } from './LaunchPanel';
import { RetimeModal } from './RetimeModal';
import { useOrganizations } from './OrganizationsPage';

const FIELDS = ['due', 'reminders', 'escalation', 'quietHours', 'rollover', 'launchAt', 'reason'];

export function CalendarPage() {
  const { id = '' } = useParams();
  const calendar = useQuery({
    queryKey: ['calendar', id],
    queryFn: () => answer<Calendar>(api.GET('/api/calendars/{id}', { params: { path: { id } } })),
  });
  const organizations = useOrganizations();
  if (calendar.isLoading) return <Skeleton active />;
  if (!calendar.data) return <ErrorAlert error={calendar.error} fields={[]} />;
  const c = calendar.data;
  const jurisdiction = organizations.data?.find((o) => o.id === c.jurisdictionId)?.name ?? '';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {jurisdiction} {c.year} 年度日历
          </h1>
        }
        extra={<Link to="/admin/calendars">全部日历</Link>}
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label="状态">
            <Tag data-testid="calendar-status" color={c.status === 'launched' ? 'green' : 'blue'}>
              {CALENDAR_STATUS_LABELS[c.status] ?? c.status}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label="修订">{c.revision}</Descriptions.Item>
          <Descriptions.Item label="启动时间">{beijing(c.launchedAt)}</Descriptions.Item>
          <Descriptions.Item label="定时启动">{beijing(c.launchAt)}</Descriptions.Item>
        </Descriptions>
        {c.status === 'closed' && (
          <Typography.Paragraph type="secondary">
            该年度已于 {beijing(c.closedAt)} 关闭：{c.closeReason}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <CalendarEditor calendar={c} />
            <LaunchPanel calendar={c} />
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <CalendarTimeline calendarId={c.id} jurisdictionId={c.jurisdictionId} revision={c.revision} />
        </Col>
      </Row>
    </Space>
  );
}

function CalendarEditor({ calendar }: { calendar: Calendar }) {
  const [form] = Form.useForm<CalendarFormValues>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const launched = calendar.status === 'launched';
  const [retiming, setRetiming] = useState<CalendarFormValues | null>(null);
  const save = useMutation({
    mutationFn: ({ values, reason }: { values: CalendarFormValues; reason?: string }) =>
      answer<Calendar>(
        api.PATCH('/api/calendars/{id}', {
          params: { path: { id: calendar.id } },
          body: { ...bodyOf(values, launched, calendar), ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(['calendar', calendar.id], saved);
      void client.invalidateQueries({ queryKey: ['calendars'] });
      setRetiming(null);
      void message.success(launched ? '日历已修改，正在调整运行中的流程' : '日历已保存');
    },
    // A setting the API refused is shown under its field in the form: the dialog gives way to it.
    onError: (error) => {
      if (error instanceof ApiError && error.details.fields?.some((f) => f.field !== 'reason')) setRetiming(null);
    },
  });
  // The form follows the calendar as saved (a new revision, or another admin's change).
  const resetSave = save.reset;
  useEffect(() => {
    form.setFieldsValue(valuesOf(calendar));
    resetSave();
  }, [form, calendar, resetSave]);
  const closed = calendar.status === 'closed';
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>日历设置</h2>}>
      <ErrorAlert error={save.error} fields={FIELDS} />
      <Form
        form={form}
        layout="vertical"
        disabled={closed}
        initialValues={valuesOf(calendar)}
        onFinish={(values) => (launched ? setRetiming(values) : save.mutate({ values }))}
      >
        <CalendarFields form={form} error={save.error} creating={false} launched={launched} />
        {!closed && (
          <Button type="primary" htmlType="submit" loading={save.isPending && !retiming}>
            {launched ? '修改并调整运行中的流程…' : '保存'}
          </Button>
        )}
      </Form>
      {retiming && (
        <RetimeModal
          calendar={calendar}
          values={retiming}
          saving={save.isPending}
          error={save.error}
          onCancel={() => setRetiming(null)}
          onConfirm={(reason) => save.mutate({ values: retiming, reason })}
        />
      )}
    </Card>
  );
}
