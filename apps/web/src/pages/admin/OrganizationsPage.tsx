/** The organisation tree (jurisdiction > department > division), each organisation's details and users. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, Row, Select, Skeleton, Space, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, FormModal } from '../../components/common';
import { useSession } from '../../session';
import {
  ALLOWED_PARENTS,
  fieldError,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KINDS,
  type OrganizationView,
} from './adminApi';
import { ChannelsCard, OrganizationCard } from './OrganizationDetails';
import { UsersCard } from './UsersCard';

type Kind = OrganizationView['kind'];

/** Every organisation the admin can see (the list answers at most 200 at a time). */
export async function allOrganizations(): Promise<OrganizationView[]> {
  const items: OrganizationView[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await answer(api.GET('/api/organizations', { params: { query: { limit: 200, offset } } }));
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

export function useOrganizations() {
  return useQuery({ queryKey: ['organizations'], queryFn: allOrganizations });
}

function treeOf(organizations: OrganizationView[]): DataNode[] {
  const ids = new Set(organizations.map((o) => o.id));
  const children = new Map<string | null, OrganizationView[]>();
  for (const o of organizations) {
    // An organisation whose parent the admin cannot see is a root of his tree.
    const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => ({
        key: o.id,
        title: (
          <span data-testid="org-node">
            {o.name} <Tag>{ORGANIZATION_KIND_LABELS[o.kind] ?? o.kind}</Tag>
          </span>
        ),
        children: build(o.id),
      }));
  return build(null);
}

export function OrganizationsPage() {
  const organizations = useOrganizations();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  // Every branch open but those the admin closed (one created later opens too).
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const tree = useMemo(() => treeOf(organizations.data ?? []), [organizations.data]);
  const ids = (organizations.data ?? []).map((o) => o.id);
  const current = organizations.data?.find((o) => o.id === selected) ?? null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} lg={8}>
        <Card
          title={<h1 style={{ fontSize: 18, margin: 0 }}>组织架构</h1>}
          extra={<Button onClick={() => setCreating(true)}>新建单位</Button>}
        >
          {organizations.error && <ErrorAlert error={organizations.error} fields={[]} />}
          {organizations.isLoading ? (
            <Skeleton active />
          ) : tree.length === 0 ? (
            <Empty description="暂无组织，请先新建辖区" />
          ) : (
            <div data-testid="org-tree">
              <Tree
                treeData={tree}
                expandedKeys={ids.filter((id) => !collapsed.has(id))}
                onExpand={(open) => setCollapsed(new Set(ids.filter((id) => !open.includes(id))))}
                blockNode
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)}
              />
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} md={14} lg={16}>
        {current ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <OrganizationCard organization={current} organizations={organizations.data ?? []} />
            {current.kind === 'department' && <ChannelsCard organization={current} />}
            <UsersCard organization={current} />
          </Space>
        ) : (
          <Card>
            <Empty description="在左侧选择一个单位，查看其信息和用户" />
          </Card>
        )}
      </Col>
      {creating && (
        <CreateOrganizationModal
          parent={current}
          organizations={organizations.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(id) => setSelected(id)}
        />
      )}
    </Row>
  );
}

interface NewOrganization {
  kind: Kind;
  parentId?: string;
  code: string;
  name: string;
  creditCode?: string;
}

/** What a new organisation under `parent` would most likely be: the next level down. */
function childKind(parent: OrganizationView | null): Kind {
  if (!parent) return 'jurisdiction';
  return parent.kind === 'jurisdiction' ? 'department' : 'division';
}

/** Shown while creating (mounted then, so it starts from the organisation selected now). */
function CreateOrganizationModal({
  parent,
  organizations,
  onClose,
  onCreated,
}: {
  /** The organisation selected in the tree: the new one goes under it unless another is chosen. */
  parent: OrganizationView | null;
  organizations: OrganizationView[];
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form] = Form.useForm<NewOrganization>();
  const { me } = useSession();
  const client = useQueryClient();
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? childKind(parent);
  // Only a system-wide administrator may create a jurisdiction at the top.
  const mayBeRoot = me?.organizationId === null;
  const parents = organizations.filter((o) => ALLOWED_PARENTS[kind].includes(o.kind));
  const create = useMutation({
    mutationFn: (values: NewOrganization) =>
      answer(
        api.POST('/api/organizations', {
          body: { ...values, creditCode: values.creditCode?.trim() || undefined },
        }),
      ),
    onSuccess: (organization) => {
      void client.invalidateQueries({ queryKey: ['organizations'] });
      void message.success(`已新建${ORGANIZATION_KIND_LABELS[organization.kind]}「${organization.name}」`);
      onCreated(organization.id);
      onClose();
    },
  });
  const fields = ['kind', 'parentId', 'code', 'name', 'creditCode'];
  return (
    <FormModal
      title={'新建单位'}
      okText="创建"
      form={form}
      pending={create.isPending}
      error={create.error}
      fields={fields}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: childKind(parent), parentId: parent?.id }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="kind" label="类型" {...fieldError(create.error, 'kind')}>
          <Select
            aria-label="类型"
            options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }))}
            onChange={(next: Kind) => {
              // A parent that cannot hold the new kind is cleared.
              const chosen = organizations.find((o) => o.id === form.getFieldValue('parentId'));
              if (chosen && !ALLOWED_PARENTS[next].includes(chosen.kind)) form.setFieldValue('parentId', undefined);
            }}
          />
        </Form.Item>
        <Form.Item
          name="parentId"
          label="上级单位"
          extra={
            kind === 'jurisdiction'
              ? mayBeRoot
                ? '不选则为顶级辖区'
                : '下级辖区须选择本辖区作为上级'
              : `${ORGANIZATION_KIND_LABELS[kind]}须在${ALLOWED_PARENTS[kind]
                  .filter((k): k is Kind => k !== null)
                  .map((k) => ORGANIZATION_KIND_LABELS[k])
                  .join('或')}之下`
          }
          rules={[{ required: kind !== 'jurisdiction' || !mayBeRoot, message: '请选择上级单位' }]}
          {...fieldError(create.error, 'parentId')}
        >
          <Select
            aria-label="上级单位"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="选择上级单位"
            options={parents.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, message: '请填写单位名称' }]}
          {...fieldError(create.error, 'name')}
        >
          <Input aria-label="名称" placeholder="如 上海市青浦区应急管理局" />
        </Form.Item>
        <Form.Item
          name="code"
          label="单位代码"
          extra="字母、数字、- 和 _，用于流程编号，创建后不可修改"
          rules={[{ required: true, message: '请填写单位代码' }]}
          {...fieldError(create.error, 'code')}
        >
          <Input aria-label="单位代码" placeholder="如 qp-yjj" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码（可不填）"
          extra="公开发布时用于生成索引号"
          {...fieldError(create.error, 'creditCode')}
        >
          <Input aria-label="统一社会信用代码" maxLength={18} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
