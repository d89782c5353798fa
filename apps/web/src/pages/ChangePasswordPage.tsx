import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { answer, api, ApiError } from '../api/client';
import { useSession } from '../session';

function fieldStatus(error: unknown, field: string) {
  const message = error instanceof ApiError ? error.fieldMessage(field) : undefined;
  return message ? { validateStatus: 'error' as const, help: message } : {};
}

/** Shown instead of every page while the API requires a new password (PASSWORD_CHANGE_REQUIRED). */
export function ChangePasswordPage() {
  const { renewed } = useSession();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; password: string }) => answer(api.POST('/api/me/password', { body: v })),
    onSuccess: (result) => renewed(result.accessToken),
  });
  const fieldError = change.error instanceof ApiError && change.error.details.fields?.length;
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>请先修改密码</h1>} style={{ maxWidth: 480, margin: '0 auto' }}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message="管理员已重置您的密码，修改密码后才能继续办理工作"
      />
      {change.error && !fieldError && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={change.error.message} />
      )}
      <Form
        layout="vertical"
        name="password"
        onFinish={(v: { currentPassword: string; password: string }) => change.mutate(v)}
      >
        <Form.Item
          label="当前密码"
          name="currentPassword"
          rules={[{ required: true, message: '请输入当前密码' }]}
          {...fieldStatus(change.error, 'currentPassword')}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="password"
          extra="至少 8 位，含大写字母、小写字母、数字、其他符号中的至少 3 类"
          rules={[{ required: true, message: '请输入新密码' }]}
          {...fieldStatus(change.error, 'password')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}
