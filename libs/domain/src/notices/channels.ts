/** Where an organisation's notices go besides each person's mail: a mailbox and group robots. */
export const NOTICE_CHANNELS = ['email', 'dingtalk', 'wecom'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export const NOTICE_CHANNEL_LABELS: Record<NoticeChannel, string> = {
  email: '单位邮箱',
  dingtalk: '钉钉群机器人',
  wecom: '企业微信群机器人',
};

/** Longer than any robot webhook issued by DingTalk or WeCom, short enough to refuse nonsense. */
export const WEBHOOK_MAX_LENGTH = 2048;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A robot webhook carries its credential (access token, key) and receives notices about the
 * organisation's deadlines, so it must be reached over TLS. Plain http is only for a receiver on this
 * machine (a test or a local relay), which the message never leaves.
 */
export function webhookProblem(webhook: string): string | null {
  if (webhook.length > WEBHOOK_MAX_LENGTH) return `地址过长（最多 ${WEBHOOK_MAX_LENGTH} 个字符）`;
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    return '不是有效的网址';
  }
  if (url.username || url.password) return '地址中不能包含用户名或密码';
  if (url.protocol === 'https:') return url.hostname ? null : '不是有效的网址';
  if (url.protocol === 'http:') {
    return LOCAL_HOSTS.has(url.hostname) ? null : '须为 https 地址（仅本机 127.0.0.1 或 localhost 可用 http）';
  }
  return '须为 https 地址';
}

/**
 * A webhook as people may see it again: the robot's token or key sits in the query, so each query
 * value shows only its last four characters (enough to tell two robots apart).
 */
export function maskWebhook(webhook: string): string {
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    return '****';
  }
  const query = [...url.searchParams.entries()]
    .map(([name, value]) => `${name}=${value.length > 8 ? `****${value.slice(-4)}` : '****'}`)
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}
