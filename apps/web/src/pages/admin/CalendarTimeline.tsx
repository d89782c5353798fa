/**
 * The year drawn from the preview: each stage's due instant, reminders and escalations (with the
 * quiet-hour shifts), over the holidays and 调休 days; a table below says the same in words.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { beijing, type CalendarPreview, type PreviewInstant, type StagePreview, type WorkingDay } from './adminApi';

echarts.use([ScatterChart, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, CanvasRenderer]);

const DAY = 86_400_000;
/** The working-days list answers at most this many days at once. */
const MAX_RANGE_DAYS = 399;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Runs of equal special days (holiday, or 调休 working weekend) as [from, to, name]. */
function specialRuns(days: WorkingDay[], working: boolean): [string, string, string][] {
  const runs: [string, string, string][] = [];
  for (const d of days) {
    const special = working ? d.working && d.name : !d.working && d.source !== 'weekday';
    if (!special) continue;
    const last = runs[runs.length - 1];
    const name = d.name ?? '放假';
    if (last && addDays(last[1], 1) === d.date && last[2] === name) last[1] = d.date;
    else runs.push([d.date, d.date, name]);
  }
  return runs;
}

function dayNote(i: PreviewInstant) {
  if (i.working) return null;
  return <Tag color={i.local ? 'orange' : 'red'}>{i.holiday ?? '休息日'}</Tag>;
}

export function CalendarTimeline({
  calendarId,
  jurisdictionId,
  revision,
}: {
  calendarId: string;
  jurisdictionId: string;
  revision: number;
}) {
  const preview = useQuery({
    queryKey: ['calendar-preview', calendarId, revision],
    queryFn: () =>
      answer<CalendarPreview>(api.GET('/api/calendars/{id}/preview', { params: { path: { id: calendarId } } })),
  });
  const range = useMemo(() => {
    const dates = (preview.data?.stages ?? []).flatMap((s) => [
      s.due.date,
      ...s.reminders.map((r) => r.date),
      ...s.escalations.map((e) => e.date),
    ]);
    if (dates.length === 0) return null;
    const from = dates.reduce((a, b) => (a < b ? a : b));
    const last = dates.reduce((a, b) => (a > b ? a : b));
    const limit = addDays(from, MAX_RANGE_DAYS);
    return { from, to: last < limit ? last : limit };
  }, [preview.data]);
  const days = useQuery({
    queryKey: ['working-days', range?.from, range?.to, jurisdictionId],
    enabled: range !== null,
    // Only run with a range (enabled above).
    queryFn: () =>
      answer(
        api.GET('/api/working-days', {
          params: { query: { from: range?.from ?? '', to: range?.to ?? '', jurisdictionId } },
        }),
      ),
  });
  const holidays = useMemo(() => specialRuns(days.data?.items ?? [], false), [days.data]);
  const makeUps = useMemo(() => specialRuns(days.data?.items ?? [], true), [days.data]);

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>全年时间轴（北京时间）</h2>} data-testid="timeline">
      {preview.error && <ErrorAlert error={preview.error} fields={[]} />}
      {preview.isLoading ? (
        <Skeleton active />
      ) : !preview.data || preview.data.stages.length === 0 ? (
        <Empty description="暂无可预览的时间" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {preview.data.warnings.map((w) => (
            <Alert key={w.year} type="warning" showIcon message={w.message ?? `${w.year}年的节假日安排尚未导入`} />
          ))}
          <Chart stages={preview.data.stages} holidays={holidays} makeUps={makeUps} />
          <Typography.Text type="secondary">
            免打扰时段：
            {preview.data.quietHours.enabled
              ? `提醒与督办只在工作日 ${preview.data.quietHours.from}–${preview.data.quietHours.to} 发出，其余时间顺延`
              : '未开启，提醒与督办按计划时刻发出'}
          </Typography.Text>
          <StageTable stages={preview.data.stages} />
          <div data-testid="timeline-days">
            <Typography.Text strong>区间内的节假日与调休：</Typography.Text>{' '}
            {days.isLoading ? (
              <Skeleton.Input active size="small" />
            ) : holidays.length + makeUps.length === 0 ? (
              <Typography.Text type="secondary">无</Typography.Text>
            ) : (
              <>
                {holidays.map(([from, to, name]) => (
                  <Tag key={`h${from}`} color="red">
                    {name} {from === to ? from : `${from} 至 ${to}`} 放假
                  </Tag>
                ))}
                {makeUps.map(([from, to, name]) => (
                  <Tag key={`w${from}`} color="blue">
                    {from === to ? from : `${from} 至 ${to}`} {name}
                  </Tag>
                ))}
              </>
            )}
          </div>
        </Space>
      )}
    </Card>
  );
}

function StageTable({ stages }: { stages: StagePreview[] }) {
  return (
    <Table<StagePreview>
      dataSource={stages}
      rowKey="stage"
      size="small"
      pagination={false}
      scroll={{ x: 760 }}
      onRow={(s) => ({ 'data-testid': `timeline-${s.stage}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '阶段', dataIndex: 'label' },
        {
          title: '截止',
          render: (_: unknown, s) => (
            <Space size={4} wrap>
              <span data-testid={`due-at-${s.stage}`}>{beijing(s.dueAt)}</span>
              {s.rolledOver && <Tag color="gold">原定 {beijing(s.configuredDueAt)}，遇非工作日调整</Tag>}
              {dayNote(s.due)}
            </Space>
          ),
        },
        {
          title: '提醒',
          render: (_: unknown, s) => (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {s.reminders.map((r) => (
                <li key={r.offset}>
                  {r.offset}：
                  {r.plannedAt ? (
                    <>
                      {beijing(r.plannedAt)} → {beijing(r.at)} <Tag color="purple">免打扰顺延</Tag>
                    </>
                  ) : (
                    beijing(r.at)
                  )}
                  {r.afterDue && <Tag color="red">晚于截止，不再发送</Tag>}
                  {dayNote(r)}
                </li>
              ))}
            </ul>
          ),
        },
        {
          title: '督办',
          render: (_: unknown, s) => {
            const [first, ...rest] = s.escalations;
            if (!first) return '—';
            return (
              <span>
                第{first.round}次 {first.plannedAt ? `${beijing(first.plannedAt)} → ` : ''}
                {beijing(first.at)}
                {first.plannedAt && <Tag color="purple">免打扰顺延</Tag>}
                {rest.length > 0 && `，此后 ${rest.length} 次至 ${beijing(rest[rest.length - 1].at)}`}
              </span>
            );
          },
        },
      ]}
    />
  );
}

const KINDS = [
  { name: '截止', symbol: 'diamond', color: '#cf1322' },
  { name: '提醒', symbol: 'circle', color: '#1677ff' },
  { name: '免打扰顺延的提醒', symbol: 'circle', color: '#722ed1' },
  { name: '督办', symbol: 'triangle', color: '#fa8c16' },
] as const;

function Chart({
  stages,
  holidays,
  makeUps,
}: {
  stages: StagePreview[];
  holidays: [string, string, string][];
  makeUps: [string, string, string][];
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    const labels = stages.map((s) => s.label);
    const point = (s: StagePreview, at: string, text: string) => ({
      value: [Date.parse(at), s.label],
      text,
    });
    const points: Record<(typeof KINDS)[number]['name'], ReturnType<typeof point>[]> = {
      截止: stages.map((s) => point(s, s.dueAt, `${s.label} 截止 ${beijing(s.dueAt)}`)),
      提醒: stages.flatMap((s) =>
        s.reminders
          .filter((r) => !r.plannedAt)
          .map((r) => point(s, r.at, `${s.label} 提醒（${r.offset}）${beijing(r.at)}`)),
      ),
      免打扰顺延的提醒: stages.flatMap((s) =>
        s.reminders
          .filter((r) => r.plannedAt)
          .map((r) =>
            point(
              s,
              r.at,
              `${s.label} 提醒（${r.offset}）原定 ${beijing(r.plannedAt)}，顺延至 ${beijing(r.at)}${r.afterDue ? '（晚于截止，不再发送）' : ''}`,
            ),
          ),
      ),
      督办: stages.flatMap((s) =>
        s.escalations.map((e) => point(s, e.at, `${s.label} 第${e.round}次督办 ${beijing(e.at)}`)),
      ),
    };
    // Day bands in Beijing time.
    const band = ([from, to, name]: [string, string, string]) => [
      { xAxis: Date.parse(`${from}T00:00:00+08:00`), name },
      { xAxis: Date.parse(`${to}T00:00:00+08:00`) + DAY },
    ];
    chart.setOption({
      animation: false,
      grid: { left: 110, right: 24, top: 40, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'item', formatter: (p: { data: { text: string } }) => p.data.text },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: KINDS.map((k, i) => ({
        name: k.name,
        type: 'scatter',
        symbol: k.symbol,
        symbolSize: k.name === '截止' ? 14 : 9,
        itemStyle: { color: k.color },
        data: points[k.name],
        ...(i === 0
          ? {
              markArea: {
                silent: true,
                label: { show: false },
                data: [
                  ...holidays.map((h) =>
                    band(h).map((b, j) => ({
                      ...b,
                      itemStyle: j === 0 ? { color: 'rgba(255,77,79,0.15)' } : undefined,
                    })),
                  ),
                  ...makeUps.map((h) =>
                    band(h).map((b, j) => ({
                      ...b,
                      itemStyle: j === 0 ? { color: 'rgba(22,119,255,0.15)' } : undefined,
                    })),
                  ),
                ],
              },
            }
          : {}),
      })),
    });
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [stages, holidays, makeUps]);
  return (
    <div
      ref={element}
      role="img"
      aria-label="全年截止、提醒与督办时间轴；节假日以红色、调休上班日以蓝色标出"
      data-testid="timeline-chart"
      style={{ width: '100%', height: 380 }}
    />
  );
}
