/** Working days month by month: holidays, 调休 make-up days, local days and overrides; setting a day; importing a notice. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Calendar as MonthCalendar,
  DatePicker,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { fieldError, type NoticeReading, type WorkingDay } from './adminApi';
import { useOrganizations } from './OrganizationsPage';

const SOURCE_LABELS: Record<string, string> = {
  local: '本辖区放假日',
  override: '管理员调整',
  notice: '已导入通知',
  'holiday-data': '国务院节假日安排',
  weekday: '按星期',
};

const YEAR_SOURCE_LABELS: Record<string, string> = {
  package: '国务院节假日安排（内置数据）',
  notice: '已导入通知',
  override: '管理员调整',
  local: '本辖区放假日',
};

/** How a day differs from an ordinary one, or null when it does not. */
function special(d: WorkingDay): { tag: string; color: string; text: string } | null {
  const weekend = [0, 6].includes(dayjs(d.date).day());
  if (d.source === 'local') return { tag: '休', color: 'orange', text: `${d.name ?? '本辖区放假'}（本辖区）` };
  if (!d.working && (d.name || !weekend)) return { tag: '休', color: 'red', text: `${d.name ?? '放假'} 放假` };
  if (d.working && (d.name || weekend)) return { tag: '班', color: 'blue', text: d.name ?? '调休上班' };
  return null;
}

export function WorkingDaysPage() {
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const organizations = useOrganizations();
  const jurisdictions = useMemo(
    () => (organizations.data ?? []).filter((o) => o.kind === 'jurisdiction'),
    [organizations.data],
  );
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>();
  const jurisdiction = jurisdictionId ?? jurisdictions[0]?.id;
  const monthParam = params.get('month');
  const month = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? dayjs(`${monthParam}-01`) : dayjs().startOf('month');
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const days = useQuery({
    queryKey: ['working-days', from, to, jurisdiction ?? null],
    queryFn: () =>
      answer(
        api.GET('/api/working-days', {
          params: { query: { from, to, ...(jurisdiction ? { jurisdictionId: jurisdiction } : {}) } },
        }),
      ),
  });
  const byDate = useMemo(() => new Map((days.data?.items ?? []).map((d) => [d.date, d])), [days.data]);
  const [editing, setEditing] = useState<string | null>(null);
  const monthDays = (days.data?.items ?? []).filter((d) => d.date.startsWith(month.format('YYYY-MM')) && special(d));
  const cell = (date: Dayjs) => {
    const d = byDate.get(date.format('YYYY-MM-DD'));
    const s = d && special(d);
    return (
      <div data-testid={`day-${date.format('YYYY-MM-DD')}`}>
        {s && (
          <Tag color={s.color} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
            {s.tag}
            {screens.md ? ` ${s.text}` : ''}
          </Tag>
        )}
        {d?.source === 'override' && screens.md && <Tag>已调整</Tag>}
      </div>
    );
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card
          title={<h1 style={{ fontSize: 18, margin: 0 }}>工作日</h1>}
          extra={
            jurisdictions.length > 0 && (
              <Select
                aria-label="辖区"
                style={{ minWidth: 180 }}
                value={jurisdiction}
                onChange={setJurisdictionId}
                options={jurisdictions.map((j) => ({ value: j.id, label: j.name }))}
              />
            )
          }
        >
          {days.error && <ErrorAlert error={days.error} fields={[]} />}
          {days.data?.years
            .filter((y) => !y.covered)
            .map((y) => (
              <Alert
                key={y.year}
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                message={`${y.year}年的节假日安排尚未导入：暂按普通周末计算`}
              />
            ))}
          <MonthCalendar
            fullscreen={!!screens.md}
            value={month}
            onPanelChange={(value) => setParams({ month: value.format('YYYY-MM') }, { replace: true })}
            onSelect={(value, info) => {
              if (info.source === 'date') setEditing(value.format('YYYY-MM-DD'));
              else setParams({ month: value.format('YYYY-MM') }, { replace: true });
            }}
            cellRender={(date, info) => (info.type === 'date' ? cell(date) : info.originNode)}
            // One labelled month picker instead of the calendar's own unlabelled year and month selects.
            headerRender={({ value, onChange }) => (
              <div style={{ padding: 8, textAlign: 'right' }}>
                <DatePicker
                  picker="month"
                  aria-label="月份"
                  allowClear={false}
                  value={value}
                  onChange={(v) => v && onChange(v)}
                />
              </div>
            )}
          />
          <Typography.Title level={5}>本月的节假日与调休</Typography.Title>
          {days.isLoading ? (
            <Skeleton active />
          ) : (
            <div data-testid="month-days">
              <List
                size="small"
                locale={{ emptyText: <Empty description="本月没有节假日或调休" /> }}
                dataSource={monthDays}
                renderItem={(d) => {
                  const s = special(d);
                  return (
                    <List.Item>
                      {d.date} <Tag color={s?.color}>{s?.tag}</Tag> {s?.text}
                      <Typography.Text type="secondary">（{SOURCE_LABELS[d.source] ?? d.source}）</Typography.Text>
                    </List.Item>
                  );
                }}
              />
            </div>
          )}
          {days.data?.years.map((y) => (
            <Typography.Paragraph key={y.year} type="secondary" style={{ marginBottom: 0 }}>
              {y.year}年：{y.covered ? '节假日已知' : '节假日未知'}
              {y.sources.length > 0 && `；来源：${y.sources.map((s) => YEAR_SOURCE_LABELS[s] ?? s).join('、')}`}
              {y.notice && `；已导入《${y.notice.title}》`}
              {y.overrides > 0 && `；管理员调整 ${y.overrides} 天`}
              {y.localDays > 0 && `；本辖区放假日 ${y.localDays} 天`}
            </Typography.Paragraph>
          ))}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <NoticeImport />
      </Col>
      {editing && (
        <DayModal
          date={editing}
          day={byDate.get(editing)}
          jurisdiction={jurisdictions.find((j) => j.id === jurisdiction)}
          onClose={() => setEditing(null)}
        />
      )}
    </Row>
  );
}

interface DayForm {
  scope: 'national' | 'local';
  working: boolean;
  name?: string;
}

function DayModal({
  date,
  day,
  jurisdiction,
  onClose,
}: {
  date: string;
  day: WorkingDay | undefined;
  jurisdiction: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const [form] = Form.useForm<DayForm>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const scope = Form.useWatch('scope', form);
  const done = (text: string) => {
    void client.invalidateQueries({ queryKey: ['working-days'] });
    void client.invalidateQueries({ queryKey: ['calendar-preview'] });
    void message.success(text);
    onClose();
  };
  const set = useMutation({
    mutationFn: (v: DayForm) =>
      answer<WorkingDay>(
        api.PUT('/api/working-days/{date}', {
          params: { path: { date } },
          body: {
            working: v.scope === 'local' ? false : v.working,
            ...(v.name ? { name: v.name } : {}),
            ...(v.scope === 'local' && jurisdiction ? { jurisdictionId: jurisdiction.id } : {}),
          },
        }),
      ),
    onSuccess: () => done(`已设置 ${date}`),
  });
  const remove = useMutation({
    mutationFn: () =>
      answer<WorkingDay>(
        api.DELETE('/api/working-days/{date}', {
          params: {
            path: { date },
            query: day?.source === 'local' && jurisdiction ? { jurisdictionId: jurisdiction.id } : {},
          },
        }),
      ),
    onSuccess: () => done(`已撤销 ${date} 的调整`),
  });
  const error = set.error ?? remove.error;
  return (
    <Modal
      title={`设置 ${date}`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={set.isPending}
      footer={(origin) => (
        <Space wrap>
          {(day?.source === 'override' || day?.source === 'local') && (
            <Button danger loading={remove.isPending} onClick={() => remove.mutate()}>
              撤销该日调整
            </Button>
          )}
          {origin}
        </Space>
      )}
    >
      {day && (
        <Typography.Paragraph>
          当前：{day.working ? '工作日' : '休息日'}
          {day.name ? `（${day.name}）` : ''}，依据：{SOURCE_LABELS[day.source] ?? day.source}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={error} fields={['working', 'name', 'jurisdictionId', 'date']} />
      <Form<DayForm>
        form={form}
        layout="vertical"
        initialValues={{ scope: 'national', working: day ? !day.working : false, name: day?.name ?? undefined }}
        onFinish={(v) => set.mutate(v)}
      >
        <Form.Item name="scope" label="范围" {...fieldError(error, 'jurisdictionId')}>
          <Radio.Group
            options={[
              { value: 'national', label: '全国（更正节假日数据）' },
              ...(jurisdiction ? [{ value: 'local', label: `仅${jurisdiction.name}（地方放假日）` }] : []),
            ]}
          />
        </Form.Item>
        {scope !== 'local' && (
          <Form.Item name="working" label="该日" {...fieldError(error, 'working')}>
            <Radio.Group
              options={[
                { value: true, label: '上班（含调休上班）' },
                { value: false, label: '放假' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称（如 春节、国庆节调休上班）" {...fieldError(error, 'name')}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">改变工作日后，受影响的已启动日历会自动调整截止与提醒时间。</Typography.Text>
    </Modal>
  );
}

function NoticeImport() {
  const [year, setYear] = useState<number | null>(new Date().getFullYear() + 1);
  const [text, setText] = useState('');
  const client = useQueryClient();
  const read = useMutation({
    mutationFn: (dryRun: boolean) =>
      answer<NoticeReading>(api.POST('/api/working-days/notices', { body: { year: year ?? 0, text, dryRun } })),
    onSuccess: (r) => {
      if (!r.dryRun) {
        void client.invalidateQueries({ queryKey: ['working-days'] });
        void client.invalidateQueries({ queryKey: ['calendar-preview'] });
      }
    },
  });
  const r = read.data;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>导入节假日安排通知</h2>}>
      <Typography.Paragraph type="secondary">
        粘贴国务院办公厅《关于XXXX年部分节假日安排的通知》全文，先预览解析结果，确认后导入（仅系统管理员可导入）。
      </Typography.Paragraph>
      <ErrorAlert error={read.error} fields={['year', 'text']} />
      <Form layout="vertical">
        <Form.Item label="通知安排的年度" {...fieldError(read.error, 'year')}>
          <InputNumber aria-label="通知安排的年度" min={2000} max={2100} value={year} onChange={setYear} />
        </Form.Item>
        <Form.Item label="通知全文" {...fieldError(read.error, 'text')}>
          <Input.TextArea aria-label="通知全文" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </Form.Item>
        <Space wrap>
          <Button disabled={!text.trim() || !year} loading={read.isPending} onClick={() => read.mutate(true)}>
            预览
          </Button>
          <Button
            type="primary"
            disabled={!text.trim() || !year || !r?.dryRun}
            loading={read.isPending}
            onClick={() => read.mutate(false)}
          >
            导入
          </Button>
        </Space>
      </Form>
      {r && (
        <Alert
          style={{ marginTop: 12 }}
          type={r.dryRun ? 'info' : 'success'}
          showIcon
          message={r.dryRun ? `解析结果：${r.title}` : `已导入：${r.title}`}
          description={
            r.dryRun
              ? `放假安排 ${r.holidays.length} 项，调休上班 ${r.workdays.length} 项`
              : `改变了 ${r.changedDays.length} 天，调整了 ${r.retimedCalendars.length} 个已启动的日历`
          }
        />
      )}
    </Card>
  );
}
