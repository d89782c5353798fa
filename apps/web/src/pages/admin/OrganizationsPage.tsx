/** The organisation tree (jurisdiction > department > division) and each organisation's users. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Select, Skeleton, Table, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { ROLE_LABELS } from '../../labels';
import { fieldError, ORGANIZATION_KIND_LABELS, type OrganizationView, type UserView } from './adminApi';

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
  const tree = useMemo(() => treeOf(organizations.data ?? []), [organizations.data]);
  const current = organizations.data?.find((o) => o.id === selected) ?? null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} lg={8}>
        <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>组织架构</h1>}>
          {organizations.error && <ErrorAlert error={organizations.error} fields={[]} />}
          {organizations.isLoading ? (
            <Skeleton active />
          ) : tree.length === 0 ? (
            <Empty description="暂无组织" />
          ) : (
            <div data-testid="org-tree">
              <Tree
                treeData={tree}
                defaultExpandAll
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
          <UsersCard organization={current} />
        ) : (
          <Card>
            <Empty description="在左侧选择一个单位，查看和新建其用户" />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function UsersCard({ organization }: { organization: OrganizationView }) {
  const [creating, setCreating] = useState(false);
  const users = useQuery({
    queryKey: ['users', organization.id],
    queryFn: () =>
      answer(api.GET('/api/users', { params: { query: { organizationId: organization.id, limit: 200 } } })),
  });
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{organization.name} 的用户</h2>}
      extra={<Button onClick={() => setCreating(true)}>新建用户</Button>}
    >
      {users.error && <ErrorAlert error={users.error} fields={[]} />}
      <div data-testid="users">
        <Table<UserView>
          loading={users.isLoading}
          dataSource={users.data?.items}
          rowKey="id"
          size="small"
          scroll={{ x: true }}
          pagination={false}
          locale={{ emptyText: <Empty description="该单位还没有用户" /> }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '电子邮箱', dataIndex: 'email' },
            {
              title: '角色',
              dataIndex: 'roles',
              render: (roles: UserView['roles']) =>
                roles.map((r) => (
                  <Tag key={r} color="blue">
                    {ROLE_LABELS[r] ?? r}
                  </Tag>
                )),
            },
            {
              title: '状态',
              render: (_: unknown, u) =>
                !u.active ? (
                  <Tag>已停用</Tag>
                ) : u.locked ? (
                  <Tag color="red">已锁定</Tag>
                ) : (
                  <Tag color="green">正常</Tag>
                ),
            },
          ]}
        />
      </div>
      <CreateUserModal organization={organization} open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

interface NewUser {
  name: string;
  email: string;
  password: string;
  roles: UserView['roles'];
}

function CreateUserModal({
  organization,
  open,
  onClose,
}: {
  organization: OrganizationView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<NewUser>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (values: NewUser) =>
      answer<UserView>(api.POST('/api/users', { body: { ...values, organizationId: organization.id } })),
    onSuccess: (user) => {
      void client.invalidateQueries({ queryKey: ['users', organization.id] });
      void message.success(`已创建用户 ${user.name}`);
      form.resetFields();
      onClose();
    },
  });
  const fields = ['name', 'email', 'password', 'roles', 'organizationId'];
  return (
    <Modal
      title={`在「${organization.name}」新建用户`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} fields={fields} />
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ roles: [] }}>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, message: '请填写姓名' }]}
          {...fieldError(create.error, 'name')}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="email"
          label="电子邮箱"
          rules={[{ required: true, message: '请填写电子邮箱' }]}
          {...fieldError(create.error, 'email')}
        >
          <Input type="email" />
        </Form.Item>
        <Form.Item
          name="password"
          label="初始密码（至少 8 位）"
          rules={[{ required: true, message: '请填写初始密码' }]}
          {...fieldError(create.error, 'password')}
        >
          <Input.Password />
        </Form.Item>
        <Form.Item name="roles" label="角色" {...fieldError(create.error, 'roles')}>
          <Select mode="multiple" options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
