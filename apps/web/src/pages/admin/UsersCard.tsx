/** An organisation's users: create, edit (name, roles, enabled), reset a password, lift a sign-in lock. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, FormModal } from '../../components/common';
import { NewPasswordItem } from '../../components/PasswordForm';
import { ROLE_LABELS } from '../../labels';
import { useSession } from '../../session';
import { fieldError, type OrganizationView, type UserView } from './adminApi';
import { useOrganizationUsers } from './OrganizationDetails';
import { PASSWORD_RULE_TEXT } from '@domain/sign-in/password-policy';

const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

export function UsersCard({ organization }: { organization: OrganizationView }) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const users = useOrganizationUsers(organization.id);
  const { me } = useSession();
  const client = useQueryClient();
  const { message } = App.useApp();
  const unlock = useMutation({
    mutationFn: (user: UserView) => answer(api.POST('/api/users/{id}/unlock', { params: { path: { id: user.id } } })),
    onSuccess: (user) => {
      void client.invalidateQueries({ queryKey: ['users', organization.id] });
      void message.success(`已解除 ${user.name} 的登录锁定`);
    },
  });
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{organization.name} 的用户</h2>}
      extra={<Button onClick={() => setCreating(true)}>新建用户</Button>}
    >
      {users.error && <ErrorAlert error={users.error} fields={[]} />}
      {unlock.error && <ErrorAlert error={unlock.error} fields={[]} />}
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
              render: (_: unknown, u) => (
                <Space size={4} wrap>
                  {!u.active ? (
                    <Tag>已停用</Tag>
                  ) : u.locked ? (
                    <Tag color="red">已锁定</Tag>
                  ) : (
                    <Tag color="green">正常</Tag>
                  )}
                  {u.mustChangePassword && <Tag color="orange">待改密码</Tag>}
                </Space>
              ),
            },
            {
              title: '操作',
              render: (_: unknown, u) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(u)} aria-label={`编辑 ${u.name}`}>
                    编辑
                  </Button>
                  {u.id !== me?.id && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setResetting(u)}
                      aria-label={`重置 ${u.name} 的密码`}
                    >
                      重置密码
                    </Button>
                  )}
                  {u.locked && (
                    <Button
                      type="link"
                      size="small"
                      loading={unlock.isPending && unlock.variables?.id === u.id}
                      onClick={() => unlock.mutate(u)}
                      aria-label={`解除 ${u.name} 的登录锁定`}
                    >
                      解除锁定
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>
      {creating && <CreateUserModal organization={organization} onClose={() => setCreating(false)} />}
      {editing && <EditUserModal user={editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

interface NewUser {
  name: string;
  email: string;
  password: string;
  roles: UserView['roles'];
}

function CreateUserModal({ organization, onClose }: { organization: OrganizationView; onClose: () => void }) {
  const [form] = Form.useForm<NewUser>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (values: NewUser) =>
      answer<UserView>(api.POST('/api/users', { body: { ...values, organizationId: organization.id } })),
    onSuccess: (user) => {
      void client.invalidateQueries({ queryKey: ['users', organization.id] });
      void message.success(`已创建用户 ${user.name}`);
      onClose();
    },
  });
  const fields = ['name', 'email', 'password', 'roles', 'organizationId'];
  return (
    <FormModal
      title={`在「${organization.name}」新建用户`}
      okText="创建"
      form={form}
      pending={create.isPending}
      error={create.error}
      fields={fields}
      onClose={onClose}
    >
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
          extra={PASSWORD_RULE_TEXT}
          rules={[{ required: true, message: '请填写初始密码' }]}
          {...fieldError(create.error, 'password')}
        >
          <Input.Password />
        </Form.Item>
        <Form.Item name="roles" label="角色" {...fieldError(create.error, 'roles')}>
          <Select mode="multiple" options={ROLE_OPTIONS} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

interface UserChanges {
  name: string;
  roles: UserView['roles'];
  active: boolean;
}

function EditUserModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [form] = Form.useForm<UserChanges>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: UserChanges) =>
      answer(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: values })),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['user', user.id] });
      void message.success(`已保存用户 ${saved.name}`);
      onClose();
    },
  });
  return (
    <FormModal
      title={`编辑用户 ${user.email}`}
      okText="保存"
      form={form}
      pending={save.isPending}
      error={save.error}
      fields={['name', 'roles', 'active']}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: user.name, roles: user.roles, active: user.active }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, message: '请填写姓名' }]}
          {...fieldError(save.error, 'name')}
        >
          <Input />
        </Form.Item>
        <Form.Item name="roles" label="角色" {...fieldError(save.error, 'roles')}>
          <Select mode="multiple" aria-label="角色" options={ROLE_OPTIONS} />
        </Form.Item>
        <Form.Item
          name="active"
          label="启用"
          valuePropName="checked"
          extra="停用后不能登录，已登录的会话随即失效"
          {...fieldError(save.error, 'active')}
        >
          <Switch aria-label="启用" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const reset = useMutation({
    mutationFn: ({ password }: { password: string }) =>
      answer(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { password } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void message.success(`已重置 ${user.name} 的密码`);
      onClose();
    },
  });
  return (
    <FormModal
      title={`重置 ${user.name} 的密码`}
      okText="重置密码"
      form={form}
      pending={reset.isPending}
      error={reset.error}
      fields={['password']}
      onClose={onClose}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="重置后该用户的所有会话随即结束；下次登录须先修改密码。请通过线下渠道把新密码告知本人。"
      />
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        <NewPasswordItem error={reset.error} />
      </Form>
    </FormModal>
  );
}
