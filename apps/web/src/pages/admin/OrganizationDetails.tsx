/** One organisation: its details and principal leader (editable), and a department's notice channels. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, FormModal, time } from '../../components/common';
import {
  fieldError,
  type NoticeChannels,
  ORGANIZATION_KIND_LABELS,
  type OrganizationView,
  type UserView,
} from './adminApi';

/** The users of one organisation (its own, not those of the organisations under it). */
export function useOrganizationUsers(organizationId: string) {
  return useQuery({
    queryKey: ['users', organizationId],
    queryFn: () => answer(api.GET('/api/users', { params: { query: { organizationId, limit: 200 } } })),
  });
}

/** A user by id, for a name to show (the principal leader may belong to another organisation). */
function useUser(id: string | null) {
  return useQuery({
    queryKey: ['user', id],
    enabled: id !== null,
    queryFn: () => answer(api.GET('/api/users/{id}', { params: { path: { id: id as string } } })),
  });
}

const userLabel = (u: Pick<UserView, 'name' | 'email'>) => `${u.name}（${u.email}）`;

export function OrganizationCard({
  organization,
  organizations,
}: {
  organization: OrganizationView;
  organizations: OrganizationView[];
}) {
  const [editing, setEditing] = useState(false);
  const leader = useUser(organization.principalLeaderId);
  const nameOf = (id: string | null) => (id ? (organizations.find((o) => o.id === id)?.name ?? '—') : '—');
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{organization.name}</h2>}
      extra={<Button onClick={() => setEditing(true)}>编辑单位信息</Button>}
    >
      <div data-testid="org-details">
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}>
          <Descriptions.Item label="类型">{ORGANIZATION_KIND_LABELS[organization.kind]}</Descriptions.Item>
          <Descriptions.Item label="单位代码">{organization.code}</Descriptions.Item>
          <Descriptions.Item label="上级单位">{nameOf(organization.parentId)}</Descriptions.Item>
          <Descriptions.Item label="统一社会信用代码">{organization.creditCode ?? '—'}</Descriptions.Item>
          {organization.kind === 'department' && (
            <Descriptions.Item label="上级主管部门">{nameOf(organization.upperDepartmentId)}</Descriptions.Item>
          )}
          {organization.kind !== 'division' && (
            <Descriptions.Item label="主要负责人">
              {organization.principalLeaderId === null ? (
                <Typography.Text type={organization.kind === 'department' ? 'warning' : undefined}>
                  未设置{organization.kind === 'department' ? '（不设主要负责人的部门不启动述法）' : ''}
                </Typography.Text>
              ) : leader.data ? (
                userLabel(leader.data)
              ) : (
                '…'
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
      </div>
      {editing && (
        <EditOrganizationModal
          organization={organization}
          organizations={organizations}
          onClose={() => setEditing(false)}
        />
      )}
    </Card>
  );
}

interface OrganizationChanges {
  name: string;
  creditCode?: string;
  upperDepartmentId?: string;
  principalLeaderId?: string;
}

/** Mounted while editing, so it starts from the organisation as it is now. */
function EditOrganizationModal({
  organization,
  organizations,
  onClose,
}: {
  organization: OrganizationView;
  organizations: OrganizationView[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<OrganizationChanges>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const users = useOrganizationUsers(organization.id);
  const leader = useUser(organization.principalLeaderId);
  // The active leaders of this organisation, and the one set now wherever he belongs, whatever he is now.
  const own = (users.data?.items ?? []).filter((u) => u.roles.includes('leader') && u.active);
  const leaders = leader.data && !own.some((u) => u.id === leader.data.id) ? [leader.data, ...own] : own;
  const save = useMutation({
    mutationFn: (values: OrganizationChanges) =>
      answer(
        api.PATCH('/api/organizations/{id}', {
          params: { path: { id: organization.id } },
          body: {
            name: values.name,
            // A cleared field clears the reference.
            creditCode: values.creditCode?.trim() || null,
            ...(organization.kind === 'department' ? { upperDepartmentId: values.upperDepartmentId ?? null } : {}),
            ...(organization.kind !== 'division' ? { principalLeaderId: values.principalLeaderId ?? null } : {}),
          },
        }),
      ),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['organizations'] });
      void message.success(`已保存「${saved.name}」`);
      onClose();
    },
  });
  const fields = ['name', 'creditCode', 'upperDepartmentId', 'principalLeaderId'];
  return (
    <FormModal
      title={`编辑「${organization.name}」`}
      okText="保存"
      form={form}
      pending={save.isPending}
      error={save.error}
      fields={fields}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: organization.name,
          creditCode: organization.creditCode ?? undefined,
          upperDepartmentId: organization.upperDepartmentId ?? undefined,
          principalLeaderId: organization.principalLeaderId ?? undefined,
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, message: '请填写单位名称' }]}
          {...fieldError(save.error, 'name')}
        >
          <Input aria-label="名称" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          extra="公开发布时用于生成索引号"
          {...fieldError(save.error, 'creditCode')}
        >
          <Input aria-label="统一社会信用代码" maxLength={18} allowClear />
        </Form.Item>
        {organization.kind === 'department' && (
          <Form.Item name="upperDepartmentId" label="上级主管部门" {...fieldError(save.error, 'upperDepartmentId')}>
            <Select
              aria-label="上级主管部门"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="无"
              options={organizations
                .filter((o) => o.kind === 'department' && o.id !== organization.id)
                .map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        {organization.kind !== 'division' && (
          <Form.Item
            name="principalLeaderId"
            label="主要负责人"
            extra="本单位具有「领导」角色的用户；部门的主要负责人履行述法职责"
            {...fieldError(save.error, 'principalLeaderId')}
          >
            <Select
              aria-label="主要负责人"
              allowClear
              loading={users.isLoading}
              placeholder={users.data && leaders.length === 0 ? '本单位还没有具有领导角色的用户' : '选择主要负责人'}
              options={leaders.map((u) => ({ value: u.id, label: userLabel(u) }))}
            />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

type ChannelMode = 'keep' | 'set' | 'none';

interface ChannelChanges {
  email?: string;
  dingtalkMode: ChannelMode;
  dingtalk?: { webhook?: string; secret?: string };
  wecomMode: ChannelMode;
  wecom?: { webhook?: string };
}

/** Where a department's reminders and escalations also go: its mailbox, DingTalk and WeCom robots. */
export function ChannelsCard({ organization }: { organization: OrganizationView }) {
  const [editing, setEditing] = useState(false);
  const channels = useQuery({
    queryKey: ['channels', organization.id],
    queryFn: () => answer(api.GET('/api/organizations/{id}/channels', { params: { path: { id: organization.id } } })),
  });
  const c = channels.data;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>通知渠道</h2>}
      extra={
        <Button onClick={() => setEditing(true)} disabled={!c}>
          修改通知渠道
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        本部门的提醒与督办除发给经办人外，另发往以下渠道（各渠道各发一次）。
      </Typography.Paragraph>
      {channels.error && <ErrorAlert error={channels.error} fields={[]} />}
      {channels.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : c ? (
        <div data-testid="channels">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="单位邮箱">{c.email ?? '未设置'}</Descriptions.Item>
            <Descriptions.Item label="钉钉机器人">
              {c.dingtalk ? `${c.dingtalk.webhook}（已设置加签密钥）` : '未设置'}
            </Descriptions.Item>
            <Descriptions.Item label="企业微信机器人">{c.wecom ? c.wecom.webhook : '未设置'}</Descriptions.Item>
            {c.updatedAt && <Descriptions.Item label="修改时间">{time(c.updatedAt)}</Descriptions.Item>}
          </Descriptions>
        </div>
      ) : null}
      {c && editing && <EditChannelsModal organization={organization} current={c} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function ChannelModeField({ name, label, isSet }: { name: string; label: string; isSet: boolean }) {
  return (
    <Form.Item name={name} label={label}>
      <Radio.Group
        aria-label={label}
        optionType="button"
        options={[
          ...(isSet ? [{ value: 'keep', label: '保持不变' }] : []),
          { value: 'set', label: isSet ? '更换' : '设置' },
          { value: 'none', label: isSet ? '停用' : '不设置' },
        ]}
      />
    </Form.Item>
  );
}

/** Mounted while editing, so it starts from the channels as they are now. */
function EditChannelsModal({
  organization,
  current,
  onClose,
}: {
  organization: OrganizationView;
  current: NoticeChannels;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ChannelChanges>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const dingtalkMode = Form.useWatch('dingtalkMode', form);
  const wecomMode = Form.useWatch('wecomMode', form);
  const save = useMutation({
    mutationFn: (v: ChannelChanges) =>
      answer(
        api.PATCH('/api/organizations/{id}/channels', {
          params: { path: { id: organization.id } },
          body: {
            email: v.email?.trim() || null,
            // A robot kept as it is is left out: its address and secret are never shown back.
            ...(v.dingtalkMode === 'keep'
              ? {}
              : {
                  dingtalk:
                    v.dingtalkMode === 'set'
                      ? { webhook: v.dingtalk?.webhook ?? '', secret: v.dingtalk?.secret ?? '' }
                      : null,
                }),
            ...(v.wecomMode === 'keep'
              ? {}
              : { wecom: v.wecomMode === 'set' ? { webhook: v.wecom?.webhook ?? '' } : null }),
          },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['channels', organization.id] });
      void message.success('已保存通知渠道');
      onClose();
    },
  });
  const fields = ['email', 'dingtalk', 'wecom'];
  return (
    <FormModal
      title={`「${organization.name}」的通知渠道`}
      okText="保存"
      form={form}
      pending={save.isPending}
      error={save.error}
      fields={fields}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          email: current.email ?? undefined,
          dingtalkMode: current.dingtalk ? 'keep' : 'none',
          wecomMode: current.wecom ? 'keep' : 'none',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="email" label="单位邮箱（可不填）" {...fieldError(save.error, 'email')}>
          <Input aria-label="单位邮箱" type="email" allowClear />
        </Form.Item>
        <ChannelModeField name="dingtalkMode" label="钉钉机器人" isSet={current.dingtalk !== null} />
        {dingtalkMode === 'set' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Form.Item
              name={['dingtalk', 'webhook']}
              label="钉钉机器人 Webhook 地址"
              rules={[{ required: true, message: '请填写钉钉机器人的 Webhook 地址' }]}
              {...fieldError(save.error, 'dingtalk.webhook')}
            >
              <Input
                aria-label="钉钉机器人 Webhook 地址"
                placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"
              />
            </Form.Item>
            <Form.Item
              name={['dingtalk', 'secret']}
              label="加签密钥"
              extra="保存后不再显示"
              rules={[{ required: true, message: '请填写加签密钥' }]}
              {...fieldError(save.error, 'dingtalk.secret')}
            >
              <Input.Password aria-label="加签密钥" placeholder="SEC…" autoComplete="off" />
            </Form.Item>
          </Space>
        )}
        <ChannelModeField name="wecomMode" label="企业微信机器人" isSet={current.wecom !== null} />
        {wecomMode === 'set' && (
          <Form.Item
            name={['wecom', 'webhook']}
            label="企业微信机器人 Webhook 地址"
            rules={[{ required: true, message: '请填写企业微信机器人的 Webhook 地址' }]}
            {...fieldError(save.error, 'wecom.webhook')}
          >
            <Input
              aria-label="企业微信机器人 Webhook 地址"
              placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
            />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
