/** The caller's own password change (POST /api/me/password): the forced change and 我的账号 share it. */
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { answer, api } from '../api/client';
import { useSession } from '../session';
import { ErrorAlert, fieldStatus } from './common';
import { PASSWORD_RULE_TEXT } from '@domain/sign-in/password-policy';

interface PasswordChange {
  currentPassword: string;
  password: string;
}

/**
 * The current password and the new one. The API ends every session of the user and answers the
 * token of a new one: the console goes on with it (`renewed`), then `onChanged` runs.
 */
export function PasswordForm({ email, onChanged }: { email: string; onChanged?: () => void }) {
  const { renewed } = useSession();
  const change = useMutation({
    mutationFn: (body: PasswordChange) => answer(api.POST('/api/me/password', { body })),
    onSuccess: (result) => {
      renewed(result.accessToken);
      onChanged?.();
    },
  });
  return (
    <>
      <ErrorAlert error={change.error} fields={['currentPassword', 'password']} />
      <Form layout="vertical" name="password" onFinish={(v: PasswordChange) => change.mutate(v)}>
        {/* Whose password it is, for the browser's password manager (not shown). */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <Form.Item
          label="当前密码"
          name="currentPassword"
          rules={[{ required: true, message: '请输入当前密码' }]}
          {...fieldStatus(change.error, 'currentPassword')}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordItem error={change.error} />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          修改密码
        </Button>
      </Form>
    </>
  );
}

/** The new password's field, told the rule, the API's refusal under it (own change and admin reset). */
export function NewPasswordItem({ error }: { error: unknown }) {
  return (
    <Form.Item
      label="新密码"
      name="password"
      extra={PASSWORD_RULE_TEXT}
      rules={[{ required: true, message: '请输入新密码' }]}
      {...fieldStatus(error, 'password')}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}
