import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type RobotKind = 'dingtalk' | 'wecom';

/** One request a robot got, and what it answered. */
export interface RobotCall {
  robot: string;
  kind: RobotKind;
  status: number;
  errcode: number;
  /** The message's title (DingTalk) or first line (WeCom) and its whole Markdown text. */
  title: string;
  text: string;
}

interface Robot {
  kind: RobotKind;
  token: string;
  secret: string | null;
  /** Answer this many next requests with HTTP 500 (a robot that is down). */
  failNext: number;
}

/**
 * Real DingTalk and WeCom group robots on 127.0.0.1, as their documentation describes them: a DingTalk
 * robot checks its access token and the 加签 signature (HMAC-SHA256 of `timestamp\nsecret`, base64, in
 * `sign`; a timestamp more than an hour off is refused) and answers errcode 310000 to a wrong one; both
 * take `{msgtype: 'markdown', ...}` and answer `{errcode: 0, errmsg: 'ok'}`. Every request is recorded.
 */
export class RobotReceiver {
  readonly calls: RobotCall[] = [];
  private readonly robots = new Map<string, Robot>();
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => this.answer(res, 500, { errcode: -1, errmsg: 'receiver error' }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A DingTalk robot with its access token and secret; returns its webhook. */
  dingtalk(name: string, token: string, secret: string): string {
    this.robots.set(name, { kind: 'dingtalk', token, secret, failNext: 0 });
    return `http://127.0.0.1:${this.port}/robot/send/${name}?access_token=${token}`;
  }

  /** A WeCom robot with its key; returns its webhook. */
  wecom(name: string, key: string): string {
    this.robots.set(name, { kind: 'wecom', token: key, secret: null, failNext: 0 });
    return `http://127.0.0.1:${this.port}/cgi-bin/webhook/send/${name}?key=${key}`;
  }

  failNext(name: string, count: number): void {
    this.robots.get(name)!.failNext = count;
  }

  /** The messages a robot took (errcode 0). */
  accepted(name: string, titlePrefix = ''): RobotCall[] {
    return this.calls.filter((c) => c.robot === name && c.errcode === 0 && c.title.startsWith(titlePrefix));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const name = url.pathname.split('/').pop() ?? '';
    const robot = this.robots.get(name);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!robot || req.method !== 'POST') return this.answer(res, 404, { errcode: 404, errmsg: 'no such robot' });
    let body: { msgtype?: string; markdown?: { title?: unknown; text?: unknown; content?: unknown } } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      // recorded below as a refused message
    }
    const title = String(robot.kind === 'dingtalk' ? body.markdown?.title : body.markdown?.content)
      .split('\n')[0]
      .replace(/^#+\s*/, '');
    const text = String(robot.kind === 'dingtalk' ? body.markdown?.text : body.markdown?.content);
    const record = (status: number, errcode: number, errmsg: string) => {
      this.calls.push({ robot: name, kind: robot.kind, status, errcode, title, text });
      this.answer(res, status, { errcode, errmsg });
    };
    if (robot.failNext > 0) {
      robot.failNext--;
      return record(500, -1, 'system busy');
    }
    if (robot.kind === 'dingtalk') {
      if (url.searchParams.get('access_token') !== robot.token) return record(200, 300001, 'token is not exist');
      const timestamp = Number(url.searchParams.get('timestamp'));
      if (!Number.isInteger(timestamp) || Math.abs(Date.now() - timestamp) > 3_600_000) {
        return record(200, 310000, 'invalid timestamp');
      }
      // Recomputed here from the documented rule (not the sender's code); the query value is URL-decoded.
      const expected = createHmac('sha256', robot.secret!).update(`${timestamp}\n${robot.secret}`).digest('base64');
      if (url.searchParams.get('sign') !== expected) return record(200, 310000, 'sign not match');
      if (
        body.msgtype !== 'markdown' ||
        typeof body.markdown?.title !== 'string' ||
        typeof body.markdown.text !== 'string'
      ) {
        return record(200, 40035, 'missing markdown');
      }
    } else {
      if (url.searchParams.get('key') !== robot.token) return record(200, 93000, 'invalid webhook url');
      if (body.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string') {
        return record(200, 40008, 'invalid message type');
      }
    }
    return record(200, 0, 'ok');
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
