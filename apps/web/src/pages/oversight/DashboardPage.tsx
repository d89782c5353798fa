/** The oversight dashboard: departments with lights, charts of stages and on-time rates, exports. */
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import type { components } from '../../api/schema';
import { time } from '../../components/common';
import { cyclePath, stageLabel } from '../../labels';
import { useSession } from '../../session';
import { DashboardCharts } from './DashboardCharts';
import {
  durationSeconds,
  durationText,
  LIGHT_ORDER,
  lightRank,
  LIGHTS,
  matches,
  onTimeRows,
  STAGE_ORDER,
  stageLightRows,
  stageRank,
  type DashboardDepartment,
  type DashboardFilter,
  type DashboardView,
  type Light,
} from './dashboardModel';
import { downloadAssessment, type ExportFormat } from './exportDownload';

type OrganizationPage = components['schemas']['OrganizationPage'];

/** The year in Beijing time: the reporting year does not turn over at UTC midnight. */
function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

export function LightTag({ light }: { light: Light | undefined }) {
  if (!light) return <Typography.Text type="secondary">—</Typography.Text>;
  const l = LIGHTS[light];
  return (
    <Tooltip title={l.meaning}>
      <Tag color={l.tag} data-light={light} aria-label={`${l.text}：${l.meaning}`}>
        {l.text}
      </Tag>
    </Tooltip>
  );
}

/** The department's own page: its report cycle, or its 述法 when it has no report this year. */
function departmentPath(d: DashboardDepartment): string | null {
  if (d.report) return cyclePath('report', d.report.cycleId);
  if (d.shufa) return cyclePath('shufa', d.shufa.cycleId);
  return null;
}

export default function DashboardPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<DashboardFilter>({});
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const jurisdictions = useQuery({
    queryKey: ['organizations', 'jurisdictions'],
    queryFn: () =>
      answer<OrganizationPage>(
        // The document types limit loosely (an object); the API takes a number up to 200.
        api.GET('/api/organizations', { params: { query: { kind: 'jurisdiction', limit: 200 } } }),
      ),
  });

  const year = Number(params.get('year')) || currentYear();
  // The admin's own jurisdiction unless another is asked for; else the first he may see.
  const own = me?.organization?.kind === 'jurisdiction' ? me.organization.id : undefined;
  const jurisdictionId = params.get('jurisdictionId') ?? own ?? jurisdictions.data?.items[0]?.id;

  const choose = (next: { year?: number; jurisdictionId?: string }) => {
    const query = new URLSearchParams(params);
    if (next.year !== undefined) query.set('year', String(next.year));
    if (next.jurisdictionId !== undefined) query.set('jurisdictionId', next.jurisdictionId);
    setParams(query, { replace: true });
  };

  const dashboard = useQuery({
    queryKey: ['dashboard', year, jurisdictionId],
    enabled: jurisdictionId !== undefined,
    queryFn: () =>
      answer<DashboardView>(
        api.GET('/api/dashboard', { params: { query: { year, jurisdictionId: jurisdictionId as string } } }),
      ),
    refetchInterval: 60_000,
  });

  const view = dashboard.data;
  const shown = useMemo(() => (view ? view.departments.filter((d) => matches(d, filter)) : []), [view, filter]);
  const stageLight = useMemo(() => (view ? stageLightRows(view.departments) : []), [view]);
  const onTime = useMemo(() => (view ? onTimeRows(view) : []), [view]);

  const exportFile = async (format: ExportFormat) => {
    if (!jurisdictionId) return;
    setExporting(format);
    setExportError(null);
    try {
      const name = await downloadAssessment(year, jurisdictionId, format);
      void message.success(`已导出：${name}`);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(null);
    }
  };

  const years = Array.from({ length: 5 }, (_, i) => currentYear() + 1 - i);
  const jurisdictionOptions = (jurisdictions.data?.items ?? []).map((j) => ({ value: j.id, label: j.name }));
  if (jurisdictionId && !jurisdictionOptions.some((o) => o.value === jurisdictionId) && me?.organization) {
    if (me.organization.id === jurisdictionId)
      jurisdictionOptions.unshift({ value: jurisdictionId, label: me.organization.name });
  }

  const columns: ColumnsType<DashboardDepartment> = [
    {
      title: '部门',
      key: 'name',
      fixed: screens.md ? 'left' : undefined,
      width: 200,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, d) => {
        const path = departmentPath(d);
        return (
          <Space direction="vertical" size={0}>
            {path ? (
              <Link to={path} onClick={(e) => e.stopPropagation()} data-testid="department-link">
                {d.name}
              </Link>
            ) : (
              <Typography.Text>{d.name}</Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.code}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      title: '报告督办',
      key: 'light',
      width: 90,
      defaultSortOrder: 'ascend',
      sorter: (a, b) => lightRank(a.report?.light) - lightRank(b.report?.light),
      render: (_, d) => (
        <span data-testid="report-light">
          <LightTag light={d.report?.light} />
        </span>
      ),
    },
    {
      title: '报告阶段',
      key: 'stage',
      width: 120,
      sorter: (a, b) => stageRank(a.report?.stage) - stageRank(b.report?.stage),
      render: (_, d) =>
        d.report ? stageLabel(d.report.stage) : <Typography.Text type="secondary">未启动</Typography.Text>,
    },
    {
      title: '截止时间',
      key: 'due',
      width: 150,
      sorter: (a, b) =>
        (a.report?.nextDueAt ? Date.parse(a.report.nextDueAt) : Infinity) -
        (b.report?.nextDueAt ? Date.parse(b.report.nextDueAt) : Infinity),
      render: (_, d) => time(d.report?.nextDueAt ?? null),
    },
    {
      title: '逾期时长',
      key: 'overdue',
      width: 130,
      sorter: (a, b) => (durationSeconds(a.report?.overdueBy) ?? -1) - (durationSeconds(b.report?.overdueBy) ?? -1),
      render: (_, d) =>
        d.report?.overdue ? (
          <Typography.Text type="danger">逾期 {durationText(d.report.overdueBy)}</Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: '退回次数',
      key: 'rework',
      width: 90,
      sorter: (a, b) => (a.report?.rework ?? -1) - (b.report?.rework ?? -1),
      render: (_, d) => d.report?.rework ?? '—',
    },
    {
      title: '述法阶段',
      key: 'shufaStage',
      width: 130,
      sorter: (a, b) => stageRank(a.shufa?.stage) - stageRank(b.shufa?.stage),
      render: (_, d) =>
        d.shufa ? (
          <Link to={cyclePath('shufa', d.shufa.cycleId)} onClick={(e) => e.stopPropagation()}>
            {stageLabel(d.shufa.stage)}
          </Link>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '述法督办',
      key: 'shufaLight',
      width: 90,
      sorter: (a, b) => lightRank(a.shufa?.light) - lightRank(b.shufa?.light),
      render: (_, d) => (
        <span data-testid="shufa-light">
          <LightTag light={d.shufa?.light} />
        </span>
      ),
    },
    {
      title: '述法等次',
      key: 'grade',
      width: 90,
      render: (_, d) => (d.shufa ? (d.shufa.grade ?? '未评定') : '—'),
    },
    {
      title: '未销号整改',
      key: 'openItems',
      width: 100,
      sorter: (a, b) => (a.shufa?.openItems ?? -1) - (b.shufa?.openItems ?? -1),
      render: (_, d) => d.shufa?.openItems ?? '—',
    },
  ];

  const stagesPresent = STAGE_ORDER.filter((s) =>
    view?.departments.some((d) => d.report?.stage === s || d.shufa?.stage === s),
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>督办看板</h1>}
        extra={
          <a href="/public/reports" target="_blank" rel="noopener noreferrer">
            公开报告页面（新窗口）
          </a>
        }
      >
        <Space wrap size={[16, 8]} style={{ marginBottom: 8 }}>
          <Space size={4}>
            <label htmlFor="dashboard-year">年度</label>
            <Select
              id="dashboard-year"
              aria-label="年度"
              value={year}
              style={{ width: 110 }}
              options={years.map((y) => ({ value: y, label: `${y} 年` }))}
              onChange={(y) => choose({ year: y })}
            />
          </Space>
          <Space size={4}>
            <label htmlFor="dashboard-jurisdiction">辖区</label>
            <Select
              id="dashboard-jurisdiction"
              aria-label="辖区"
              value={jurisdictionId}
              loading={jurisdictions.isLoading}
              placeholder="选择辖区"
              style={{ width: screens.md ? 240 : 200 }}
              showSearch
              optionFilterProp="label"
              options={jurisdictionOptions}
              onChange={(id: string) => choose({ jurisdictionId: id })}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可查看的辖区" />}
            />
          </Space>
          <Button onClick={() => void dashboard.refetch()} loading={dashboard.isFetching} disabled={!jurisdictionId}>
            刷新
          </Button>
          <Button
            onClick={() => void exportFile('csv')}
            loading={exporting === 'csv'}
            disabled={!jurisdictionId || exporting !== null}
          >
            导出考核数据（CSV）
          </Button>
          <Button
            onClick={() => void exportFile('xlsx')}
            loading={exporting === 'xlsx'}
            disabled={!jurisdictionId || exporting !== null}
          >
            导出考核数据（Excel）
          </Button>
        </Space>
        {exportError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={`导出失败：${exportError}`}
            closable
            onClose={() => setExportError(null)}
            style={{ marginBottom: 8 }}
          />
        )}
        {view && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            灯色计算于 {time(view.at)}；红灯：已逾期；黄灯：催办未办或被退回；蓝灯：{view.warningWorkingDays}{' '}
            个工作日内到期。
          </Typography.Paragraph>
        )}
      </Card>

      {jurisdictions.error && <Alert type="error" showIcon role="alert" message={jurisdictions.error.message} />}
      {!jurisdictionId && jurisdictions.data && (
        <Card>
          <Empty description="没有可查看的辖区" />
        </Card>
      )}
      {dashboard.isLoading && jurisdictionId && (
        <Card>
          <Skeleton active aria-label="正在加载督办看板" />
        </Card>
      )}
      {dashboard.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={`督办看板加载失败：${dashboard.error.message}`}
          action={
            <Button size="small" onClick={() => void dashboard.refetch()}>
              重试
            </Button>
          }
        />
      )}

      {view && view.departments.length === 0 && (
        <Card>
          <Empty description={`${view.year} 年本辖区暂无部门`} />
        </Card>
      )}
      {view && view.departments.length > 0 && (
        <>
          <Card title="各部门进度" size="small">
            <Space wrap size={[12, 8]} style={{ marginBottom: 12 }}>
              <Select
                aria-label="按灯色筛选"
                placeholder="灯色"
                allowClear
                style={{ width: 130 }}
                value={filter.light}
                onChange={(light?: Light) => setFilter((f) => ({ ...f, light }))}
                options={LIGHT_ORDER.map((l) => ({ value: l, label: LIGHTS[l].text }))}
              />
              <Select
                aria-label="按阶段筛选"
                placeholder="阶段"
                allowClear
                style={{ width: 160 }}
                value={filter.stage}
                onChange={(stage?: string) => setFilter((f) => ({ ...f, stage }))}
                options={stagesPresent.map((s) => ({ value: s, label: stageLabel(s) }))}
              />
              <Input
                aria-label="搜索部门"
                placeholder="部门名称或代码"
                allowClear
                style={{ width: 200 }}
                value={filter.text ?? ''}
                onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
              />
              <Button onClick={() => setFilter({})} disabled={!filter.light && !filter.stage && !filter.text}>
                清除筛选
              </Button>
              <Typography.Text type="secondary" data-testid="shown-count">
                显示 {shown.length} / {view.departments.length} 个部门
              </Typography.Text>
            </Space>
            <Table<DashboardDepartment>
              aria-label="各部门督办情况"
              data-testid="dashboard-table"
              size="small"
              rowKey="organizationId"
              columns={columns}
              dataSource={shown}
              scroll={{ x: 1200 }}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: <Empty description="没有符合筛选条件的部门" /> }}
              onRow={(d) => {
                const path = departmentPath(d);
                return {
                  'data-code': d.code,
                  onClick: path ? () => navigate(path) : undefined,
                  style: path ? { cursor: 'pointer' } : undefined,
                } as HTMLAttributes<HTMLElement>;
              }}
            />
          </Card>
          <DashboardCharts stageLight={stageLight} onTime={onTime} />
        </>
      )}
    </Space>
  );
}
