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

/** Plain-text paragraphs and the same paragraphs as HTML, with the system's signature. */
export function renderParagraphs(subject: string, greeting: string, paragraphs: string[]): RenderedMail {
  const signature = '—— 法治政府建设年度报告与述法工作平台（系统邮件，请勿直接回复）';
  const text = [greeting, '', ...paragraphs.flatMap((p) => [p, '']), signature].join('\n');
  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p style="color:#888">${escapeHtml(signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
