/** A report cycle's own parts: the divisions' materials, versions with their diff, publication. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { diffLines } from 'diff';
import { useState } from 'react';
import { OPENNESS } from '@domain/reports/disclosure';
import { answer, api } from '../../api/client';
import type { Contribution, CycleDetail, Page, Publication, SectionCheck, TextVersion } from '../../api/views';
import { textCheck } from '../../api/views';
import { CheckResult, ErrorAlert, fieldStatus, time } from '../../components/common';

type Kind = 'report' | 'shufa';

/** Each division's part: due, handed in when and by whom, late or not, and what it said. */
export function ContributionsCard({ contributions }: { contributions: Contribution[] }) {
  return (
    <Table<Contribution>
      size="small"
      rowKey="divisionId"
      pagination={false}
      scroll={{ x: 560 }}
      dataSource={contributions}
      aria-label="各处室材料"
      locale={{ emptyText: <Empty description="本部门没有需要提交材料的处室" /> }}
      expandable={{
        expandedRowRender: (c) => (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.content}</Typography.Paragraph>
        ),
        rowExpandable: (c) => Boolean(c.content),
      }}
      columns={[
        { title: '处室', dataIndex: 'name' },
        { title: '截止', dataIndex: 'dueAt', render: (v: string | null) => time(v) },
        {
          title: '提交情况',
          render: (_, c) =>
            c.handedInAt ? (
              <Space size={4} wrap data-testid={`contribution-${c.name}`}>
                <Tag color={c.late ? 'warning' : 'success'}>{c.late ? '逾期提交' : '已提交'}</Tag>
                {time(c.handedInAt)}
              </Space>
            ) : (
              <Tag color="default" data-testid={`contribution-${c.name}`}>
                未提交
              </Tag>
            ),
        },
        { title: '提交人', dataIndex: 'by', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

function textPath(kind: Kind) {
  return kind === 'report' ? '/api/report-cycles/{id}/drafts/{version}' : '/api/shufa-cycles/{id}/reports/{version}';
}

/** One version's text, read when asked for. */
function useVersionText(kind: Kind, cycleId: string, version: number | undefined) {
  return useQuery({
    queryKey: ['text', cycleId, version],
    enabled: version !== undefined,
    queryFn: async () => {
      const found = await answer<{ content: string }>(
        api.GET(textPath(kind) as '/api/report-cycles/{id}/drafts/{version}', {
          params: { path: { id: cycleId, version: version ?? 0 } },
        }),
      );
      return found.content;
    },
  });
}

/** A version's text with the headings the check found marked, and what it lacks named above it. */
function VersionText({ kind, cycleId, version }: { kind: Kind; cycleId: string; version: TextVersion }) {
  const text = useVersionText(kind, cycleId, version.version);
  const check: SectionCheck = textCheck(version);
  if (text.isLoading) return <Skeleton active />;
  if (text.error) return <Alert type="error" showIcon message={text.error.message} />;
  const headings = new Set(check.found.map((f) => f.line));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <CheckResult check={check} />
      <div
        data-testid={`version-text-${version.version}`}
        style={{ whiteSpace: 'pre-wrap', maxHeight: 420, overflow: 'auto', border: '1px solid #eee', padding: 8 }}
      >
        {(text.data ?? '').split('\n').map((line, i) =>
          headings.has(i + 1) ? (
            <Typography.Text key={i} strong mark style={{ display: 'block' }}>
              {line}
            </Typography.Text>
          ) : (
            <div key={i}>{line || '\u00a0'}</div>
          ),
        )}
      </div>
    </Space>
  );
}

/** The lines two versions differ by: removed struck through in red, added in green. */
function VersionDiff({ kind, cycleId, from, to }: { kind: Kind; cycleId: string; from: number; to: number }) {
  const a = useVersionText(kind, cycleId, from);
  const b = useVersionText(kind, cycleId, to);
  if (a.isLoading || b.isLoading) return <Skeleton active />;
  const error = a.error ?? b.error;
  if (error) return <Alert type="error" showIcon message={error.message} />;
  const parts = diffLines(a.data ?? '', b.data ?? '');
  const changed = parts.some((p) => p.added || p.removed);
  if (!changed) return <Alert type="info" showIcon message={`第 ${from} 版与第 ${to} 版内容相同`} />;
  return (
    <div
      data-testid="version-diff"
      aria-label={`第 ${from} 版与第 ${to} 版的差异`}
      style={{ whiteSpace: 'pre-wrap', maxHeight: 420, overflow: 'auto', border: '1px solid #eee', padding: 8 }}
    >
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i} style={{ display: 'block', background: '#f6ffed', color: '#237804', textDecoration: 'none' }}>
            {p.value
              .replace(/\n$/, '')
              .split('\n')
              .map((l) => `+ ${l}`)
              .join('\n')}
          </ins>
        ) : p.removed ? (
          <del key={i} style={{ display: 'block', background: '#fff1f0', color: '#a8071a' }}>
            {p.value
              .replace(/\n$/, '')
              .split('\n')
              .map((l) => `- ${l}`)
              .join('\n')}
          </del>
        ) : (
          <Typography.Text key={i} type="secondary" style={{ display: 'block' }}>
            {p.count && p.count > 6
              ? `…（${p.count} 行相同）…`
              : p.value
                  .replace(/\n$/, '')
                  .split('\n')
                  .map((l) => `  ${l}`)
                  .join('\n')}
          </Typography.Text>
        ),
      )}
    </div>
  );
}

/** The versions of the cycle's text: each with its check, its text on demand, and a diff of any two. */
export function TextVersions({ kind, cycleId }: { kind: Kind; cycleId: string }) {
  const texts = useQuery({
    queryKey: ['texts', cycleId],
    queryFn: () =>
      answer<Page<TextVersion>>(
        kind === 'report'
          ? api.GET('/api/report-cycles/{id}/drafts', { params: { path: { id: cycleId } } })
          : api.GET('/api/shufa-cycles/{id}/reports', { params: { path: { id: cycleId } } }),
      ),
  });
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  if (texts.isLoading) return <Skeleton active aria-label="正在加载版本" />;
  if (texts.error) return <Alert type="error" showIcon message={texts.error.message} />;
  const versions = [...(texts.data?.items ?? [])].reverse();
  if (versions.length === 0) return <Empty description="尚无版本" />;
  const options = versions.map((v) => ({ value: v.version, label: `第 ${v.version} 版` }));
  const left = from ?? versions[1]?.version;
  const right = to ?? versions[0]?.version;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Collapse
        items={versions.map((v) => {
          const check = textCheck(v);
          return {
            key: v.version,
            label: (
              <Space wrap size={4} data-testid={`version-${v.version}`}>
                <Typography.Text>
                  第 {v.version} 版 · {time(v.createdAt ?? null)}
                </Typography.Text>
                {check.missing.length === 0 ? (
                  <Tag color="success">必备部分齐全</Tag>
                ) : (
                  check.missing.map((m) => (
                    <Tag color="warning" key={m.key} style={{ whiteSpace: 'normal' }}>
                      缺：{m.title}
                    </Tag>
                  ))
                )}
              </Space>
            ),
            children: <VersionText kind={kind} cycleId={cycleId} version={v} />,
          };
        })}
      />
      {versions.length > 1 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>比较</Typography.Text>
            <Select
              aria-label="比较的旧版本"
              value={left}
              onChange={setFrom}
              options={options}
              style={{ width: 110 }}
            />
            <Typography.Text>与</Typography.Text>
            <Select aria-label="比较的新版本" value={right} onChange={setTo} options={options} style={{ width: 110 }} />
          </Space>
          {left !== undefined && right !== undefined && (
            <VersionDiff kind={kind} cycleId={cycleId} from={left} to={right} />
          )}
        </Space>
      )}
    </Space>
  );
}

interface DisclosureValues {
  title: string;
  issuer: string;
  documentNumber?: string;
  signedDate?: Dayjs;
  publishedDate?: Dayjs;
  topic: string;
  openness: (typeof OPENNESS)[number];
  opennessReason?: string;
  validity: string;
  summary: string;
  indexNumber?: string;
}

/** 公开发布: the 政府信息公开 form; the 索引号 is generated unless one is given. */
export function PublicationForm({ cycle, organizationName }: { cycle: CycleDetail; organizationName?: string }) {
  const client = useQueryClient();
  const [form] = Form.useForm<DisclosureValues>();
  const openness = Form.useWatch('openness', form);
  const publish = useMutation({
    mutationFn: (v: DisclosureValues) =>
      answer<CycleDetail>(
        api.POST('/api/report-cycles/{id}/advance', {
          params: { path: { id: cycle.id } },
          body: {
            stage: 'publication',
            disclosure: {
              title: v.title,
              issuer: v.issuer,
              topic: v.topic,
              openness: v.openness,
              validity: v.validity,
              summary: v.summary,
              signedDate: v.signedDate?.format('YYYY-MM-DD') ?? '',
              ...(v.publishedDate ? { publishedDate: v.publishedDate.format('YYYY-MM-DD') } : {}),
              ...(v.documentNumber ? { documentNumber: v.documentNumber } : {}),
              ...(v.opennessReason ? { opennessReason: v.opennessReason } : {}),
              ...(v.indexNumber ? { indexNumber: v.indexNumber } : {}),
            },
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  const field = (name: string) => fieldStatus(publish.error, `disclosure.${name}`);
  const required = (label: string) => [{ required: true, message: `请填写${label}` }];
  return (
    <Form
      form={form}
      layout="vertical"
      name="publication"
      initialValues={{
        title: organizationName ? `${organizationName}${cycle.year}年法治政府建设年度报告` : undefined,
        issuer: organizationName,
        topic: '综合政务/法治政府',
        openness: '主动公开',
        validity: '有效',
        signedDate: dayjs(),
      }}
      onFinish={(v) => publish.mutate(v)}
    >
      <ErrorAlert error={publish.error} fields={['disclosure']} />
      <Form.Item label="标题" name="title" rules={required('标题')} {...field('title')}>
        <Input />
      </Form.Item>
      <Form.Item label="发文机关" name="issuer" rules={required('发文机关')} {...field('issuer')}>
        <Input />
      </Form.Item>
      <Form.Item label="文号" name="documentNumber" {...field('documentNumber')}>
        <Input placeholder="如：青应急〔2027〕5号（可不填）" />
      </Form.Item>
      <Space wrap size="middle">
        <Form.Item label="成文日期" name="signedDate" rules={required('成文日期')} {...field('signedDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item label="发布日期" name="publishedDate" tooltip="不填则为当天" {...field('publishedDate')}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item label="主题分类" name="topic" rules={required('主题分类')} {...field('topic')}>
        <Input />
      </Form.Item>
      <Form.Item label="公开属性" name="openness" rules={required('公开属性')} {...field('openness')}>
        <Select options={OPENNESS.map((o) => ({ value: o, label: o }))} />
      </Form.Item>
      {openness && openness !== '主动公开' && (
        <Form.Item label="不主动公开的理由" name="opennessReason" {...field('opennessReason')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      )}
      <Form.Item label="有效性" name="validity" rules={required('有效性')} {...field('validity')}>
        <Input />
      </Form.Item>
      <Form.Item label="内容概述（100字以内）" name="summary" rules={required('内容概述')} {...field('summary')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={100} showCount />
      </Form.Item>
      <Form.Item
        label="索引号"
        name="indexNumber"
        tooltip="统一社会信用代码/年份-序号；不填则由系统生成"
        {...field('indexNumber')}
      >
        <Input placeholder="不填则自动生成" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={publish.isPending}>
        公开发布
      </Button>
    </Form>
  );
}

/** What the publication recorded, with the 索引号 it was given and the public page. */
export function PublicationCard({ cycleId, publication }: { cycleId: string; publication: Publication }) {
  return (
    <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
      <Descriptions.Item label="索引号">
        <Typography.Text copyable data-testid="index-number">
          {publication.indexNumber}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="公开属性">{publication.openness}</Descriptions.Item>
      <Descriptions.Item label="标题">{publication.title}</Descriptions.Item>
      <Descriptions.Item label="发文机关">{publication.issuer}</Descriptions.Item>
      <Descriptions.Item label="成文日期">{publication.signedDate}</Descriptions.Item>
      <Descriptions.Item label="发布日期">{publication.publishedDate}</Descriptions.Item>
      <Descriptions.Item label="公开页面">
        {publication.openness === '主动公开' ? (
          <a href={`/public/reports/${encodeURIComponent(cycleId)}`} target="_blank" rel="noreferrer">
            查看公开页面
          </a>
        ) : (
          '不在公开页面展示'
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}
