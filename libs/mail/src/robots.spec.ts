import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RobotDeliveryError, RobotSender } from './robots';

/** A robot's answers, one per request, from a real HTTP server on 127.0.0.1. */
describe('the group robots’ transport', () => {
  let server: Server;
  let base = '';
  const requests: { url: string; body: string }[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  const message = { title: '【截止提醒】标题', markdown: '### 【截止提醒】标题\n\n正文' };
  const sender = new RobotSender(2_000);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', body });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs a DingTalk message with timestamp and the URL-encoded HMAC, keeping the access token', async () => {
    await sender.send(
      { kind: 'dingtalk', webhook: `${base}/robot/send?access_token=t0k`, secret: 'SECx' },
      message,
      1_700_000_000_123,
    );
    const { url, body } = requests.at(-1)!;
    const query = new URL(url, base).searchParams;
    expect(query.get('access_token')).toBe('t0k');
    expect(query.get('timestamp')).toBe('1700000000123');
    const expected = createHmac('sha256', 'SECx').update('1700000000123\nSECx').digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(JSON.parse(body)).toEqual({
      msgtype: 'markdown',
      markdown: { title: message.title, text: message.markdown },
    });
  });

  it('posts a WeCom message as Markdown content', async () => {
    await sender.send({ kind: 'wecom', webhook: `${base}/cgi-bin/webhook/send?key=k3y` }, message);
    expect(JSON.parse(requests.at(-1)!.body)).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
  });

  it('fails on an HTTP error, an errcode other than 0 or an answer that is not JSON, never naming the token', async () => {
    const wecom = { kind: 'wecom' as const, webhook: `${base}/hook?key=secret-key-123` };
    const failure = async () => {
      const error = (await sender.send(wecom, message).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(RobotDeliveryError);
      expect(error.message).not.toContain('secret-key-123');
      return error.message;
    };
    answer = { status: 502, body: 'bad gateway' };
    expect(await failure()).toBe('企业微信机器人返回 HTTP 502');
    answer = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    expect(await failure()).toBe('企业微信机器人拒收：errcode 93000 invalid webhook url');
    answer = { status: 200, body: '<html>ok</html>' };
    expect(await failure()).toBe('企业微信机器人的应答不是 JSON');
    answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  });

  it('fails when the robot cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await sender
      .send(
        { kind: 'dingtalk', webhook: `http://127.0.0.1:${port}/robot/send?access_token=tok-999`, secret: 's' },
        message,
      )
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RobotDeliveryError);
    expect(error.message).toBe('钉钉机器人无法连接：ECONNREFUSED');
  });
});
