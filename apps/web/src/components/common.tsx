/** Pieces every console page shares: times, the API's coded errors beside their fields, the section check. */
import { Alert, Modal, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { ApiError } from '../api/client';
import type { SectionCheck } from '../api/views';

dayjs.extend(duration);
dayjs.extend(utc);
dayjs.extend(timezone);

/** Deadlines are Beijing time by law: every instant is shown in it, whatever the browser's zone. */
export const ZONE = 'Asia/Shanghai';

/** An instant in Beijing time, in the given dayjs pattern. */
export function beijingTime(iso: string, pattern: string): string {
  return dayjs(iso).tz(ZONE).format(pattern);
}

/** An ISO-8601 duration as people read it: "P2DT3H" → "2天3小时" (minutes only under a day). */
export function durationText(iso: string): string {
  const d = dayjs.duration(iso);
  const days = Math.floor(d.asDays());
  const parts = [days > 0 ? `${days}天` : '', d.hours() > 0 ? `${d.hours()}小时` : ''];
  if (days === 0 && d.minutes() > 0) parts.push(`${d.minutes()}分钟`);
  return parts.join('') || '不到1分钟';
}

export const time = (iso: string | null | undefined) => (iso ? beijingTime(iso, 'YYYY-MM-DD HH:mm') : '—');

/** A field's Chinese message from the API's coded error, for Form.Item. */
export function fieldStatus(error: unknown, field: string, exactly: string[] = []) {
  if (!(error instanceof ApiError)) return {};
  // `exactly`: a problem the API gave for a whole group (e.g. "meeting" missing) shows under this field too.
  const message = [error.fieldMessage(field), ...exactly.map((f) => error.fieldMessage(f, true))]
    .filter(Boolean)
    .join('；');
  return message ? { validateStatus: 'error' as const, help: message } : {};
}

/** An error no field shows: its message, and each missing section named. */
export function ErrorAlert({ error, fields }: { error: unknown; fields: string[] }) {
  if (!(error instanceof ApiError)) return null;
  if (error.details.fields?.length && error.details.fields.every((f) => fields.some((n) => f.field.startsWith(n)))) {
    return null;
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={error.message}
      description={
        error.details.missing?.length ? (
          <ul style={{ margin: 0 }}>
            {error.details.missing.map((m) => (
              <li key={m.key}>缺少：{m.title}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/**
 * A dialog around one form, open while mounted (so it starts from the data as they are now): its button
 * submits the form, and the API's refusal shows above it unless one of `fields` shows it.
 */
export function FormModal(props: {
  title: ReactNode;
  okText: string;
  form: FormInstance;
  pending: boolean;
  error: unknown;
  fields: string[];
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      title={props.title}
      open
      onCancel={props.onClose}
      onOk={() => props.form.submit()}
      okText={props.okText}
      confirmLoading={props.pending}
      destroyOnHidden
    >
      <ErrorAlert error={props.error} fields={props.fields} />
      {props.children}
    </Modal>
  );
}

export function CheckResult({ check }: { check: SectionCheck }) {
  if (check.missing.length === 0) {
    return <Alert type="success" showIcon message="内容检查通过：必备部分齐全" data-testid="section-check" />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="section-check"
      message={`缺少 ${check.missing.length} 个必备部分`}
      description={
        <ul style={{ margin: 0 }}>
          {check.missing.map((m) => (
            <li key={m.key}>
              <Typography.Text mark>{m.title}</Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
}
