/** The calendars of the admin's jurisdictions, and a new one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { type Calendar, CALENDAR_STATUS_LABELS } from './adminApi';
import { bodyOf, CalendarFields, type CalendarFormValues, defaultValues } from './CalendarForm';
import { useOrganizations } from './OrganizationsPage';

const FIELDS = ['jurisdictionId', 'year', 'due', 'reminders', 'escalation', 'quietHours', 'rollover', 'launchAt'];

export function CalendarsPage() {
  const organizations = useOrganizations();
  const [creating, setCreating] = useState(false);
  const calendars = useQuery({
    queryKey: ['calendars'],
    queryFn: () => answer(api.GET('/api/calendars', { params: { query: { limit: 200 } } })),
  });
  const names = useMemo(() => new Map((organizations.data ?? []).map((o) => [o.id, o.name])), [organizations.data]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>年度日历</h1>}
        extra={
          !creating && (
            <Button type="primary" onClick={() => setCreating(true)}>
              新建日历
            </Button>
          )
        }
      >
        {calendars.error && <ErrorAlert error={calendars.error} fields={[]} />}
        <Table<Calendar>
          loading={calendars.isLoading}
          dataSource={calendars.data?.items}
          rowKey="id"
          size="small"
          scroll={{ x: true }}
          pagination={false}
          locale={{ emptyText: <Empty description="还没有日历" /> }}
          columns={[
            {
              title: '年度',
              dataIndex: 'year',
              render: (year: number, c) => <Link to={`/admin/calendars/${c.id}`}>{year} 年度</Link>,
            },
            { title: '辖区', dataIndex: 'jurisdictionId', render: (id: string) => names.get(id) ?? id },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: string) => (
                <Tag color={s === 'launched' ? 'green' : s === 'closed' ? 'default' : 'blue'}>
                  {CALENDAR_STATUS_LABELS[s] ?? s}
                </Tag>
              ),
            },
            { title: '修订', dataIndex: 'revision' },
          ]}
        />
      </Card>
      {creating && (
        <NewCalendar
          jurisdictions={(organizations.data ?? [])
            .filter((o) => o.kind === 'jurisdiction')
            .map((o) => ({ value: o.id, label: o.name }))}
          onCancel={() => setCreating(false)}
        />
      )}
    </Space>
  );
}

function NewCalendar({
  jurisdictions,
  onCancel,
}: {
  jurisdictions: { value: string; label: string }[];
  onCancel: () => void;
}) {
  const [form] = Form.useForm<CalendarFormValues>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (values: CalendarFormValues) =>
      answer<Calendar>(
        api.POST('/api/calendars', {
          // The form requires the jurisdiction and the year before it submits.
          body: { ...bodyOf(values, false), jurisdictionId: values.jurisdictionId ?? '', year: values.year ?? 0 },
        }),
      ),
    onSuccess: (calendar) => {
      void client.invalidateQueries({ queryKey: ['calendars'] });
      navigate(`/admin/calendars/${calendar.id}`);
    },
  });
  const initial = useMemo(
    () => ({ ...defaultValues(new Date().getFullYear()), jurisdictionId: jurisdictions[0]?.value }),
    [jurisdictions],
  );
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>新建日历</h2>}>
      <ErrorAlert error={create.error} fields={FIELDS} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => create.mutate(values)}
        // Editing a field clears the API's message under it only on the next save; stale ones go now.
        onValuesChange={() => create.isError && create.reset()}
      >
        <CalendarFields form={form} error={create.error} creating launched={false} jurisdictions={jurisdictions} />
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            创建日历
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
