export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A link to the page where the recipient acts: a button in the HTML part, the address in the text part. */
export interface MailLink {
  label: string;
  url: string;
}

/**
 * A button that mail clients render alike: a one-cell table with the colour on the cell (Outlook
 * ignores an <a>'s padding and background), the <a> styled inline; the address is also given as text
 * below it for clients that strip links.
 */
function button(link: MailLink): string[] {
  const href = escapeHtml(link.url);
  return [
    '<table role="presentation" border="0" cellpadding="0" cellspacing="0" style="margin:16px 0;border-collapse:separate">',
    '<tr><td align="center" bgcolor="#1677ff" style="border-radius:4px;background-color:#1677ff">',
    `<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:10px 24px;border:1px solid #1677ff;border-radius:4px;color:#ffffff;font-size:15px;font-weight:bold;line-height:20px;text-decoration:none">${escapeHtml(link.label)}</a>`,
    '</td></tr></table>',
    `<p style="color:#888;font-size:12px">如按钮无法打开，请将以下地址复制到浏览器中访问：<br><a href="${href}" style="color:#1677ff;word-break:break-all">${href}</a></p>`,
  ];
}

/** Plain-text paragraphs and the same paragraphs as HTML, with the system's signature (and a link's button). */
export function renderParagraphs(
  subject: string,
  greeting: string,
  paragraphs: string[],
  link?: MailLink,
): RenderedMail {
  const signature = '—— 法治政府建设年度报告与述法工作平台（系统邮件，请勿直接回复）';
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(link ? [`${link.label}：${link.url}`, ''] : []),
    signature,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(link ? button(link) : []),
    `<p style="color:#888">${escapeHtml(signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
