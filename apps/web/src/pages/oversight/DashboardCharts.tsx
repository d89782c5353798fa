/** The dashboard's two charts, each with a text summary beside it (for screen readers and tests). */
import { useEffect, useRef } from 'react';
import { Card, Col, Empty, Row, Table, Typography } from 'antd';
// Only the pieces drawn here: the lazy dashboard chunk stays small.
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LIGHT_ORDER, LIGHTS, type Light, type OnTimeRow, type StageLightRow } from './dashboardModel';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** One ECharts canvas, sized to its container and redrawn when the option or the width changes. */
function EChart({ option, label, height = 280 }: { option: ChartOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = echarts.init(ref.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

export function StageLightChart({ rows }: { rows: StageLightRow[] }) {
  const label = '各阶段部门数（按督办灯色）';
  if (rows.length === 0) {
    return (
      <Card title={label} size="small">
        <Empty description="暂无周期" />
      </Card>
    );
  }
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1, name: '数量' },
    series: LIGHT_ORDER.map((light: Light) => ({
      type: 'bar',
      stack: 'lights',
      name: LIGHTS[light].text,
      itemStyle: { color: LIGHTS[light].chart },
      data: rows.map((r) => r.counts[light]),
    })),
  };
  return (
    <Card title={label} size="small">
      <EChart option={option} label={`${label}：堆叠柱状图，数值见下表`} />
      <Table<StageLightRow>
        data-testid="stage-light-summary"
        aria-label={`${label}（数据表）`}
        size="small"
        pagination={false}
        rowKey="stage"
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        columns={[
          { title: '阶段', dataIndex: 'label', key: 'stage' },
          ...LIGHT_ORDER.map((light) => ({
            title: LIGHTS[light].text,
            key: light,
            render: (_: unknown, r: StageLightRow) => r.counts[light],
          })),
          { title: '合计', dataIndex: 'total', key: 'total' },
        ]}
      />
    </Card>
  );
}

export function OnTimeChart({ rows }: { rows: OnTimeRow[] }) {
  const label = '各阶段按时办结率';
  const done = rows.filter((r) => r.completed > 0);
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
    grid: { left: 8, right: 8, bottom: 8, top: 24, containLabel: true },
    xAxis: { type: 'category', data: done.map((r) => r.label), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        name: '按时办结率',
        itemStyle: { color: '#389e0d' },
        label: { show: true, position: 'top', formatter: '{c}%' },
        data: done.map((r) => r.percent ?? 0),
      },
    ],
  };
  return (
    <Card title={label} size="small">
      {done.length === 0 ? (
        <Empty description="尚无办结的阶段" />
      ) : (
        <EChart option={option} label={`${label}：柱状图（百分比），数值见下方列表`} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4 }}>
        按时办结：在截止时间前办结的周期数 / 已办结该阶段的周期数
      </Typography.Paragraph>
      <ul data-testid="on-time-summary" aria-label={`${label}（数据）`} style={{ margin: 0, paddingLeft: 20 }}>
        {rows.map((r) => (
          <li key={r.stage} data-stage={r.stage}>
            {r.label}：{r.completed === 0 ? '尚无办结' : `按时 ${r.onTime} / 办结 ${r.completed}（${r.percent}%）`}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function DashboardCharts({ stageLight, onTime }: { stageLight: StageLightRow[]; onTime: OnTimeRow[] }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <StageLightChart rows={stageLight} />
      </Col>
      <Col xs={24} lg={12}>
        <OnTimeChart rows={onTime} />
      </Col>
    </Row>
  );
}
