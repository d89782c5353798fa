import { createHmac } from 'node:crypto';
import type { RobotMessage } from './templates/robot-message.template';

/** A group robot a notice is posted to, as an organisation set it up. */
export type RobotTarget = { kind: 'dingtalk'; webhook: string; secret: string } | { kind: 'wecom'; webhook: string };

const ROBOT_NAMES: Record<RobotTarget['kind'], string> = { dingtalk: '钉钉机器人', wecom: '企业微信机器人' };

/** The robot did not take the message: unreachable, an HTTP error, or an answer with errcode ≠ 0. */
export class RobotDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RobotDeliveryError';
  }
}

/**
 * DingTalk's 加签: base64 of HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`; it goes in
 * the `sign` query parameter (URL-encoded there), beside `timestamp` in milliseconds.
 */
export function dingTalkSignature(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/**
 * The robots' transport: it knows how DingTalk and WeCom take a message, not what notices say. A send
 * gives up after `timeoutMs`, well within a notice claim's lease.
 */
export class RobotSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(target: RobotTarget, message: RobotMessage, now = Date.now()): Promise<void> {
    const url = new URL(target.webhook);
    let body: unknown;
    if (target.kind === 'dingtalk') {
      url.searchParams.set('timestamp', String(now));
      url.searchParams.set('sign', dingTalkSignature(target.secret, now));
      body = { msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } };
    } else {
      body = { msgtype: 'markdown', markdown: { content: message.markdown } };
    }
    const name = ROBOT_NAMES[target.kind];
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // Never the URL itself in the message: it carries the robot's token.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RobotDeliveryError(`${name}无法连接：${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new RobotDeliveryError(`${name}返回 HTTP ${response.status}`);
    let answer: { errcode?: unknown; errmsg?: unknown };
    try {
      answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    } catch {
      throw new RobotDeliveryError(`${name}的应答不是 JSON`);
    }
    if (answer?.errcode !== 0) {
      throw new RobotDeliveryError(
        `${name}拒收：errcode ${String(answer?.errcode)} ${String(answer?.errmsg ?? '')}`.trim(),
      );
    }
  }
}
