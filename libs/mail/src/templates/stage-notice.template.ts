import {
  CalendarStage,
  CYCLE_KIND_LABELS,
  CycleKind,
  ESCALATION_LEVEL_LABELS,
  EscalationLevel,
  STAGE_LABELS,
} from '@rol/domain';
import { MailLink, renderParagraphs, RenderedMail } from './layout';

export interface StageNoticeData {
  recipientName: string;
  organizationName: string;
  kind: CycleKind;
  /** The year reported on. */
  year: number;
  stage: CalendarStage;
  dueAt: Date;
  cycleId: string;
  /** The notice is about one item of the stage: "市场监管科的材料", "整改事项「…」". */
  item?: string;
}

/** "2027年2月26日 18:00" in Asia/Shanghai. */
export function formatShanghai(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/** "3天2小时", "45分钟", "不足1分钟". */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const text = [days ? `${days}天` : '', hours ? `${hours}小时` : '', !days && rest ? `${rest}分钟` : ''].join('');
  return text || '不足1分钟';
}

function what(data: Omit<StageNoticeData, 'recipientName'>): string {
  const stage = `${data.organizationName}${data.year}年度${CYCLE_KIND_LABELS[data.kind]}「${STAGE_LABELS[data.stage]}」阶段`;
  return data.item ? `${stage}${data.item}` : stage;
}

/** What a notice says: its subject, its key lines and the link to the page where its recipient acts. */
export interface NoticeContent {
  subject: string;
  lines: string[];
  link?: MailLink;
}

/** What a notice asks of its recipient ("请提交本处室的材料", see `noticeAction`) and the console page for it. */
export interface NoticeAsk {
  text: string;
  url: string;
}

const LINK_LABEL = '前往处理';

/** What a stage notice is about, without the person it is addressed to (a group robot has none). */
export type StageNoticeSubject = Omit<StageNoticeData, 'recipientName'>;

export function stageReminderContent(data: StageNoticeSubject, now: Date, ask: NoticeAsk): NoticeContent {
  const left = data.dueAt.getTime() - now.getTime();
  const due = formatShanghai(data.dueAt);
  return {
    subject: `【截止提醒】${what(data)}将于${due}截止`,
    lines: [
      `${what(data)}的截止时间为 ${due}（北京时间）${left > 0 ? `，距截止还有约${formatSpan(left)}` : ''}。`,
      `${ask.text}。请在截止前完成；逾期将被记录并逐级督办。`,
      `周期编号：${data.cycleId}`,
    ],
    link: { label: LINK_LABEL, url: ask.url },
  };
}

export function stageEscalationContent(
  data: StageNoticeSubject & { round: number; level: EscalationLevel; overdueSince: Date },
  now: Date,
  ask: NoticeAsk,
): NoticeContent {
  const late = formatSpan(now.getTime() - data.dueAt.getTime());
  return {
    subject: `【逾期督办·第${data.round}次】${what(data)}已逾期${late}`,
    lines: [
      `${what(data)}已于 ${formatShanghai(data.dueAt)}（北京时间）到期，至今仍未完成，已逾期${late}。`,
      `本次督办为第${data.round}次，已通报至${ESCALATION_LEVEL_LABELS[data.level]}。${ask.text}。`,
      `周期编号：${data.cycleId}`,
    ],
    link: { label: LINK_LABEL, url: ask.url },
  };
}

/** The mail of a notice to one person (or mailbox): the content under a greeting. */
export function renderNoticeMail(content: NoticeContent, recipientName: string): RenderedMail {
  return renderParagraphs(content.subject, `${recipientName}，您好：`, content.lines, content.link);
}

export function renderStageReminder(data: StageNoticeData, now: Date, ask: NoticeAsk): RenderedMail {
  return renderNoticeMail(stageReminderContent(data, now, ask), data.recipientName);
}

export function renderStageEscalation(
  data: StageNoticeData & { round: number; level: EscalationLevel; overdueSince: Date },
  now: Date,
  ask: NoticeAsk,
): RenderedMail {
  return renderNoticeMail(stageEscalationContent(data, now, ask), data.recipientName);
}
