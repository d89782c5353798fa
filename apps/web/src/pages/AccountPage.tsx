/** 我的账号: who the user is, his own name and password, and his calendar subscription. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { answer, api } from '../api/client';
import type { Me } from '../api/views';
import { ErrorAlert, fieldStatus, time } from '../components/common';
import { PasswordForm } from '../components/PasswordForm';
import { ROLE_LABELS } from '../labels';

/** A card's title as a heading (the page's h1, each part's h2), for screen readers to move by. */
function heading(text: string, level: 1 | 2 = 2) {
  const H = level === 1 ? 'h1' : 'h2';
  return <H style={{ fontSize: level === 1 ? 18 : 16, margin: 0 }}>{text}</H>;
}

export function AccountPage({ me }: { me: Me }) {
  const { message } = App.useApp();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 760 }}>
      <Card title={heading('我的账号', 1)}>
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 96 } }} data-testid="account-details">
          <Descriptions.Item label="姓名">{me.name}</Descriptions.Item>
          <Descriptions.Item label="电子邮箱">
            <span style={{ wordBreak: 'break-all' }}>{me.email}</span>
          </Descriptions.Item>
          <Descriptions.Item label="所属单位">{me.organization?.name ?? '全系统'}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {me.roles.length === 0 ? (
              <Typography.Text type="secondary">暂无角色</Typography.Text>
            ) : (
              <Space size={[4, 4]} wrap>
                {me.roles.map((r) => (
                  <Tag key={r} color="blue">
                    {ROLE_LABELS[r] ?? r}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          电子邮箱、所属单位和角色由管理员设置，如需调整请联系本单位管理员。
        </Typography.Paragraph>
      </Card>
      <Card title={heading('修改姓名')}>
        <NameForm me={me} />
      </Card>
      <Card title={heading('修改密码')}>
        <Typography.Paragraph type="secondary">
          修改后，您在其他浏览器或设备上的登录都将退出，本页面继续有效。
        </Typography.Paragraph>
        <PasswordForm email={me.email} onChanged={() => void message.success('密码已修改')} />
      </Card>
      <Card title={heading('日历订阅')}>
        <CalendarFeed />
      </Card>
    </Space>
  );
}

/** His own name (PATCH /api/users/:id with his own id); the header shows it once saved. */
function NameForm({ me }: { me: Me }) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const rename = useMutation({
    mutationFn: (name: string) =>
      answer(api.PATCH('/api/users/{id}', { params: { path: { id: me.id } }, body: { name } })),
    onSuccess: async (user) => {
      await client.invalidateQueries({ queryKey: ['me'] });
      void message.success(`姓名已改为 ${user.name}`);
    },
  });
  return (
    <>
      <ErrorAlert error={rename.error} fields={['name']} />
      <Form
        layout="vertical"
        name="account-name"
        initialValues={{ name: me.name }}
        onFinish={(v: { name: string }) => rename.mutate(v.name.trim())}
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 100, message: '姓名不超过 100 个字' },
          ]}
          {...fieldStatus(rename.error, 'name')}
        >
          <Input autoComplete="name" style={{ maxWidth: 360 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={rename.isPending}>
          保存姓名
        </Button>
      </Form>
    </>
  );
}

const FEED_KEY = ['calendar-feed'];

/** The secret iCalendar address of his own deadlines (GET /api/me/calendar-feed), and its rotation. */
function CalendarFeed() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const feed = useQuery({ queryKey: FEED_KEY, queryFn: () => answer(api.GET('/api/me/calendar-feed')) });
  const rotate = useMutation({
    mutationFn: () => answer(api.POST('/api/me/calendar-feed/rotate')),
    onSuccess: (next) => {
      client.setQueryData(FEED_KEY, next);
      void message.success('已更换订阅地址，原地址已失效');
    },
  });
  return (
    <>
      <Typography.Paragraph>
        在
        Outlook、手机日历等日历应用中订阅下面的地址，即可在日历里看到您本人需要办理事项的截止时间和提醒；截止时间调整后，日历会自动更新。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        Outlook：添加日历 → 从 Internet 订阅；苹果手机：设置 → 日历 → 账户 → 添加账户 → 其他 →
        添加已订阅的日历；其他日历应用：使用“订阅日历”或“通过网址添加”。
      </Typography.Paragraph>
      {feed.isLoading && <Skeleton active paragraph={{ rows: 1 }} aria-label="正在加载订阅地址" />}
      {feed.error && <Alert type="error" showIcon role="alert" message={feed.error.message} />}
      {feed.data && (
        <>
          <Typography.Paragraph
            code
            copyable={{ text: feed.data.url, icon: ['复制地址', '已复制'], tooltips: ['复制订阅地址', '已复制'] }}
            style={{ wordBreak: 'break-all' }}
          >
            <span data-testid="calendar-feed-url">{feed.data.url}</span>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">生成时间：{time(feed.data.issuedAt)}</Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="此地址相当于您个人的凭据，请勿转发他人；如已泄露，请更换订阅地址。"
          />
          <ErrorAlert error={rotate.error} fields={[]} />
          <Popconfirm
            title="更换订阅地址？"
            description="原地址将立即失效，用它订阅的日历不再更新，需用新地址重新订阅。"
            okText="确认更换"
            cancelText="取消"
            onConfirm={() => rotate.mutate()}
          >
            <Button danger loading={rotate.isPending}>
              更换订阅地址
            </Button>
          </Popconfirm>
        </>
      )}
    </>
  );
}
