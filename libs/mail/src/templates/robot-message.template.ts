import type { NoticeContent } from './stage-notice.template';

/** A group robot's message: the same subject and key lines as the mail, as Markdown. */
export interface RobotMessage {
  title: string;
  markdown: string;
}

export function renderRobotMessage(content: NoticeContent): RobotMessage {
  const markdown = [
    `### ${content.subject}`,
    ...content.lines,
    '> 法治政府建设年度报告与述法工作平台（系统通知）',
  ].join('\n\n');
  return { title: content.subject, markdown };
}
