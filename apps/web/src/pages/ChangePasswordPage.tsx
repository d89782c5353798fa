import { Alert, Card } from 'antd';
import { PasswordForm } from '../components/PasswordForm';
import type { Me } from '../api/views';

/** Shown instead of every page while the API requires a new password (PASSWORD_CHANGE_REQUIRED). */
export function ChangePasswordPage({ me }: { me: Me }) {
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>请先修改密码</h1>} style={{ maxWidth: 480, margin: '0 auto' }}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message="管理员已重置您的密码，修改密码后才能继续办理工作"
      />
      <PasswordForm email={me.email} />
    </Card>
  );
}
