/** A calendar's settings as a form: stage due dates, reminders, escalation, quiet hours, a timed launch. */
import { Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { DatePickerProps, FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { stageLabel } from '../../labels';
import {
  type Calendar,
  fieldError,
  fromLocalInput,
  REPORT_STAGES,
  ROLLOVER_LABELS,
  SHUFA_STAGES,
  toLocalInput,
} from './adminApi';

export interface CalendarFormValues {
  jurisdictionId?: string;
  year?: number;
  rollover: string;
  due: Record<string, string>;
  reminders: string;
  escalation: { after: string; every: string };
  quietHours: { enabled: boolean; from: string; to: string };
  launchAt?: string;
  acknowledgeUnknownHolidays?: boolean;
}

/** A first proposal for a year's due dates (its cycles run in the next year), 18:00 Beijing time. */
export function defaultValues(year: number): CalendarFormValues {
  const next = year + 1;
  const at = (monthDay: string) => `${next}-${monthDay}T18:00`;
  return {
    year,
    rollover: 'previous-workday',
    due: {
      contributions: at('01-20'),
      drafting: at('02-10'),
      legality_review: at('02-20'),
      sign_off: at('02-25'),
      submission: at('03-10'),
      publication: at('03-31'),
      shufa_writing: at('01-31'),
      shufa_materials_review: at('02-15'),
      shufa_evaluation: at('03-15'),
      shufa_rectification: at('06-30'),
    },
    reminders: 'P7D, P3D, P1D, PT0S',
    escalation: { after: 'P1D', every: 'P3D' },
    quietHours: { enabled: true, from: '09:00', to: '17:30' },
  };
}

export function valuesOf(calendar: Calendar): CalendarFormValues {
  return {
    rollover: calendar.rollover,
    due: Object.fromEntries(Object.entries(calendar.due).map(([stage, v]) => [stage, toLocalInput(v)])),
    reminders: calendar.reminders.join(', '),
    escalation: calendar.escalation,
    quietHours: calendar.quietHours,
    launchAt: toLocalInput(calendar.launchAt),
  };
}

/** The request body: due dates and the launch instant as Beijing date-times with offset. */
export function bodyOf(values: CalendarFormValues, launched: boolean, original?: Calendar) {
  // A due date left as it was is sent as it was (a plain date means 23:59:59, finer than the input).
  const due = (stage: string, v: string) =>
    original?.due[stage] && toLocalInput(original.due[stage]) === v ? original.due[stage] : fromLocalInput(v);
  const reminders = values.reminders
    .split(/[,，\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return {
    ...(values.jurisdictionId ? { jurisdictionId: values.jurisdictionId } : {}),
    ...(values.year !== undefined ? { year: values.year } : {}),
    rollover: values.rollover as 'previous-workday',
    due: Object.fromEntries(Object.entries(values.due).map(([stage, v]) => [stage, due(stage, v)])),
    reminders,
    escalation: values.escalation,
    quietHours: values.quietHours,
    // A launched calendar has no timed launch any more (the API refuses one).
    ...(launched ? {} : { launchAt: values.launchAt ? fromLocalInput(values.launchAt) : null }),
    ...(values.acknowledgeUnknownHolidays ? { acknowledgeUnknownHolidays: true } : {}),
  };
}

/** The form's value: a Beijing wall-clock "YYYY-MM-DDTHH:mm" (toLocalInput, fromLocalInput). */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * A date-time picker's Form.Item props: the form keeps the Beijing wall-clock string, the picker sees
 * the same wall-clock time as a dayjs (the browser's zone plays no part: the string is read and
 * written back as wall-clock digits, never converted).
 */
const wallClockItem = {
  getValueProps: (value: string | undefined) => {
    const at = value && WALL_CLOCK.test(value) ? dayjs(value) : null;
    return { value: at?.isValid() ? at : null };
  },
  normalize: (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DDTHH:mm') : ''),
};

/**
 * A date-time picker to the minute, in Chinese (the ConfigProvider's zh_CN). No 此刻 button: the
 * browser's now is not Beijing's now when its zone differs. Enter is the picker's (it takes the typed
 * date-time, or opens the picker): it does not also submit the form, which would save (or create the
 * calendar) with the other dates not yet entered.
 */
function DateTimePicker(props: DatePickerProps & { 'aria-label': string; 'data-testid'?: string }) {
  return (
    <DatePicker
      {...props}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      placeholder="请选择日期和时间"
      showNow={false}
      style={{ width: '100%' }}
      onKeyDown={(event) => {
        // The browser's default (the form's implicit submission) only: the picker still sees an
        // event not prevented and handles the key.
        if (event.key === 'Enter') event.nativeEvent.preventDefault();
      }}
    />
  );
}

export function CalendarFields({
  form,
  error,
  creating,
  launched,
  jurisdictions,
}: {
  form: FormInstance<CalendarFormValues>;
  error: unknown;
  creating: boolean;
  launched: boolean;
  jurisdictions?: { value: string; label: string }[];
}) {
  const launchAt = Form.useWatch('launchAt', form);
  const quiet = Form.useWatch(['quietHours', 'enabled'], form);
  const stageItem = (stage: string) => (
    <Col xs={24} sm={12} key={stage}>
      <Form.Item
        name={['due', stage]}
        label={stageLabel(stage)}
        rules={[{ required: true, message: '请填写截止时间' }]}
        {...wallClockItem}
        {...fieldError(error, `due.${stage}`)}
      >
        <DateTimePicker aria-label={`${stageLabel(stage)}截止时间`} data-testid={`due-${stage}`} />
      </Form.Item>
    </Col>
  );
  return (
    <>
      {creating && (
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item
              name="jurisdictionId"
              label="辖区"
              rules={[{ required: true, message: '请选择辖区' }]}
              {...fieldError(error, 'jurisdictionId')}
            >
              <Select aria-label="辖区" options={jurisdictions} placeholder="选择辖区" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="year"
              label="报告年度"
              tooltip="所报告的年度；各流程在次年运行"
              rules={[{ required: true, message: '请填写年度' }]}
              {...fieldError(error, 'year')}
            >
              <InputNumber aria-label="报告年度" min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Typography.Text type="secondary">截止时间均为北京时间。</Typography.Text>
      <Divider orientation="left" plain>
        年度报告各阶段截止时间
      </Divider>
      <Row gutter={12}>{REPORT_STAGES.map(stageItem)}</Row>
      <Divider orientation="left" plain>
        述法各阶段截止时间
      </Divider>
      <Row gutter={12}>{SHUFA_STAGES.map(stageItem)}</Row>
      <Divider orientation="left" plain>
        提醒与督办
      </Divider>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="rollover" label="截止日遇节假日" {...fieldError(error, 'rollover')}>
            <Select
              aria-label="截止日遇节假日"
              options={Object.entries(ROLLOVER_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="reminders"
            label="提前提醒（ISO-8601 时长，逗号分隔）"
            tooltip="如 P7D 为截止前 7 天，PT0S 为截止时"
            {...fieldError(error, 'reminders')}
          >
            <Input aria-label="提前提醒" placeholder="P7D, P3D, P1D, PT0S" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name={['escalation', 'after']} label="逾期后首次督办" {...fieldError(error, 'escalation.after')}>
            <Input aria-label="逾期后首次督办" placeholder="P1D" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name={['escalation', 'every']} label="此后每隔" {...fieldError(error, 'escalation.every')}>
            <Input aria-label="督办间隔" placeholder="P3D" />
          </Form.Item>
        </Col>
      </Row>
      <Divider orientation="left" plain>
        免打扰时段
      </Divider>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item
            name={['quietHours', 'enabled']}
            label="只在办公时间发出提醒"
            valuePropName="checked"
            {...fieldError(error, 'quietHours.enabled')}
          >
            <Switch aria-label="只在办公时间发出提醒" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name={['quietHours', 'from']} label="上班时间" {...fieldError(error, 'quietHours.from')}>
            <Input aria-label="上班时间" placeholder="09:00" disabled={quiet === false} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name={['quietHours', 'to']} label="下班时间" {...fieldError(error, 'quietHours.to')}>
            <Input aria-label="下班时间" placeholder="17:30" disabled={quiet === false} />
          </Form.Item>
        </Col>
      </Row>
      {!launched && (
        <>
          <Divider orientation="left" plain>
            定时启动
          </Divider>
          <Form.Item
            name="launchAt"
            label="定时启动时间（可不填，由管理员手动启动）"
            {...wallClockItem}
            {...fieldError(error, 'launchAt')}
          >
            <DateTimePicker aria-label="定时启动时间" />
          </Form.Item>
          {launchAt && (
            <Form.Item name="acknowledgeUnknownHolidays" valuePropName="checked">
              <Checkbox>
                我知悉：若日历涉及尚未公布节假日安排的年度，到时自动启动的截止、提醒时间可能落在节假日
              </Checkbox>
            </Form.Item>
          )}
        </>
      )}
    </>
  );
}
