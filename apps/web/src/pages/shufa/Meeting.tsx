/** The 述法 meeting (会议述法, 现场述法): date, place, 点评 and each 质询 with its answer. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Empty, Form, Input, List, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { ErrorAlert, fieldStatus } from '../../components/common';
import { fieldStatusAny, settingsOpen, SHUFA_MODE_LABELS, type Meeting, type ShufaCycle } from './types';

interface MeetingValues {
  date?: Dayjs;
  place?: string;
  comments?: string[];
  questions?: { by: string; question: string; answer: string }[];
}

function MeetingForm({ cycle, onDone }: { cycle: ShufaCycle; onDone(): void }) {
  const client = useQueryClient();
  const record = useMutation({
    mutationFn: (v: MeetingValues) =>
      answer<unknown>(
        api.POST('/api/shufa-cycles/{id}/meeting', {
          params: { path: { id: cycle.id } },
          body: {
            date: v.date?.format('YYYY-MM-DD') ?? '',
            ...(v.place?.trim() ? { place: v.place.trim() } : {}),
            comments: (v.comments ?? []).map((c) => c?.trim() ?? '').filter(Boolean),
            questions: v.questions ?? [],
          },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries();
      onDone();
    },
  });
  const m = cycle.meeting;
  const initial: MeetingValues = m
    ? { date: dayjs(m.date), place: m.place ?? '', comments: m.comments, questions: m.questions }
    : { comments: [''], questions: [] };
  return (
    <Form<MeetingValues>
      layout="vertical"
      name="meeting"
      initialValues={initial}
      onFinish={(v) => record.mutate(v)}
      aria-label="记录述法会议"
    >
      <ErrorAlert error={record.error} fields={['date', 'place', 'comments', 'questions']} />
      <Space wrap align="start">
        <Form.Item
          label="会议日期"
          name="date"
          rules={[{ required: true, message: '请选择会议日期' }]}
          {...fieldStatus(record.error, 'date')}
        >
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label="会议地点" name="place" {...fieldStatus(record.error, 'place')}>
          <Input style={{ width: 260, maxWidth: '100%' }} maxLength={200} />
        </Form.Item>
      </Space>
      <Form.List name="comments">
        {(fields, { add, remove }) => (
          <Form.Item label="点评意见" {...fieldStatusAny(record.error, 'comments')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ width: '100%' }} wrap>
                  <Form.Item
                    name={field.name}
                    style={{ marginBottom: 0 }}
                    {...fieldStatusAny(record.error, `comments.${i}`, `comments[${i}]`)}
                  >
                    <Input.TextArea
                      aria-label={`第 ${i + 1} 条点评意见`}
                      autoSize={{ minRows: 2 }}
                      style={{ width: 420, maxWidth: '100%' }}
                    />
                  </Form.Item>
                  <Button aria-label={`删除第 ${i + 1} 条点评意见`} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add('')}>
                添加点评意见
              </Button>
            </Space>
          </Form.Item>
        )}
      </Form.List>
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <Form.Item label="质询和回答" {...fieldStatusAny(record.error, 'questions')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Card
                  size="small"
                  key={field.key}
                  title={`质询 ${i + 1}`}
                  extra={
                    <Button size="small" aria-label={`删除质询 ${i + 1}`} onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  }
                >
                  {(['by', 'question', 'answer'] as const).map((part) => (
                    <Form.Item
                      key={part}
                      label={{ by: '质询人', question: '质询问题', answer: '回答' }[part] + `（质询 ${i + 1}）`}
                      name={[field.name, part]}
                      rules={[{ required: true, message: '请填写' }]}
                      {...fieldStatusAny(record.error, `questions.${i}.${part}`, `questions[${i}].${part}`)}
                    >
                      {part === 'by' ? <Input maxLength={100} /> : <Input.TextArea autoSize={{ minRows: 1 }} />}
                    </Form.Item>
                  ))}
                </Card>
              ))}
              <Button type="dashed" onClick={() => add({ by: '', question: '', answer: '' })}>
                添加质询
              </Button>
            </Space>
          </Form.Item>
        )}
      </Form.List>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          保存会议记录
        </Button>
        <Button onClick={onDone}>取消</Button>
      </Space>
    </Form>
  );
}

function MeetingRecord({ meeting }: { meeting: Meeting }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="meeting-record">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label="会议日期">{meeting.date}</Descriptions.Item>
        <Descriptions.Item label="会议地点">{meeting.place ?? '—'}</Descriptions.Item>
        {meeting.recordedBy && <Descriptions.Item label="记录人">{meeting.recordedBy.label}</Descriptions.Item>}
      </Descriptions>
      <Typography.Text strong>点评意见</Typography.Text>
      {meeting.comments.length === 0 ? (
        <Typography.Text type="secondary">无</Typography.Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {meeting.comments.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      )}
      <Typography.Text strong>质询</Typography.Text>
      <List
        size="small"
        dataSource={meeting.questions}
        locale={{ emptyText: '无质询' }}
        renderItem={(q, i) => (
          <List.Item key={i}>
            <Space direction="vertical" size={0}>
              <Typography.Text>
                {q.by} 问：{q.question}
              </Typography.Text>
              <Typography.Text type="secondary">答：{q.answer}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

/** The meeting record for everyone; the office records it (a mode with a meeting, until the evaluation closes). */
export function MeetingCard({ cycle, isAdmin }: { cycle: ShufaCycle; isAdmin: boolean }) {
  const [editing, setEditing] = useState(false);
  const mayRecord = isAdmin && settingsOpen(cycle) && cycle.mode !== 'written';
  return (
    <Card
      title="述法会议"
      data-testid="shufa-meeting"
      extra={
        mayRecord && !editing ? (
          <Button onClick={() => setEditing(true)}>{cycle.meeting ? '修改会议记录' : '记录述法会议'}</Button>
        ) : null
      }
    >
      {editing ? (
        <MeetingForm cycle={cycle} onDone={() => setEditing(false)} />
      ) : cycle.meeting ? (
        <MeetingRecord meeting={cycle.meeting} />
      ) : (
        <Empty
          description={
            cycle.mode === 'written'
              ? `${SHUFA_MODE_LABELS.written}，不召开述法会议`
              : `${SHUFA_MODE_LABELS[cycle.mode]}：尚未记录述法会议`
          }
        />
      )}
    </Card>
  );
}
