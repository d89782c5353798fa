import type { NoticeContent } from './stage-notice.template';

/** A group robot's message: the same subject and key lines as the mail, as Markdown. */
export interface RobotMessage {
  title: string;
  markdown: string;
}

const MARKDOWN_URL_ESCAPES: Record<string, string> = {
  '(': '%28',
  ')': '%29',
  '[': '%5B',
  ']': '%5D',
  '<': '%3C',
  '>': '%3E',
  ' ': '%20',
};

/** An address as a Markdown link target: the characters that would end or break the link percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(/[()[\]<> ]/g, (c) => MARKDOWN_URL_ESCAPES[c]);
}

export function renderRobotMessage(content: NoticeContent): RobotMessage {
  const markdown = [
    `### ${content.subject}`,
    ...content.lines,
    ...(content.link ? [`[${content.link.label}](${markdownUrl(content.link.url)})`] : []),
    '> 法治政府建设年度报告与述法工作平台（系统通知）',
  ].join('\n\n');
  return { title: content.subject, markdown };
}
