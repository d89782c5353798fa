import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../session';

export function LoginPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.email, values.password);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/tasks', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'ERROR', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ display: 'flex', justifyContent: 'center', padding: '10vh 12px' }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          法治政府建设工作平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          年度报告与述法工作
        </Typography.Paragraph>
        {params.get('next') && !error && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message="请登录后继续" />
        )}
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error.message} role="alert" />}
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} name="login">
          <Form.Item
            label="电子邮箱"
            name="email"
            rules={[{ required: true, type: 'email', message: '请输入电子邮箱' }]}
            validateStatus={error?.fieldMessage('email') ? 'error' : undefined}
            help={error?.fieldMessage('email')}
          >
            <Input autoComplete="username" inputMode="email" />
          </Form.Item>
          <Form.Item
            label="密码"
            name="password"
            rules={[{ required: true, message: '请输入密码' }]}
            validateStatus={error?.fieldMessage('password') ? 'error' : undefined}
            help={error?.fieldMessage('password')}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
