import { maskWebhook, webhookProblem } from './channels';

describe('a robot webhook', () => {
  it('is an https address', () => {
    expect(webhookProblem('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBeNull();
    expect(webhookProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')).toBeNull();
  });

  it('may be plain http only on this machine', () => {
    expect(webhookProblem('http://127.0.0.1:8080/robot?access_token=t')).toBeNull();
    expect(webhookProblem('http://localhost/robot')).toBeNull();
    expect(webhookProblem('http://oapi.dingtalk.com/robot/send')).toContain('https');
    expect(webhookProblem('http://127.0.0.1.example.com/robot')).toContain('https');
  });

  it('is refused when it is not a web address, carries credentials or is too long', () => {
    expect(webhookProblem('oapi.dingtalk.com/robot/send')).toBe('不是有效的网址');
    expect(webhookProblem('ftp://example.com/robot')).toBe('须为 https 地址');
    expect(webhookProblem('https://user:pass@example.com/robot')).toContain('用户名或密码');
    expect(webhookProblem(`https://example.com/${'a'.repeat(2048)}`)).toContain('过长');
  });

  it('is shown again with its token masked but for the last four characters', () => {
    expect(maskWebhook('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=****cdef',
    );
    expect(maskWebhook('http://127.0.0.1:4000/wecom?key=short')).toBe('http://127.0.0.1:4000/wecom?key=****');
    expect(maskWebhook('https://example.com/hook')).toBe('https://example.com/hook');
  });
});
