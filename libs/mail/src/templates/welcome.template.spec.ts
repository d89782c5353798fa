import { renderWelcomeMail } from './welcome.template';

describe('the welcome mail', () => {
  const data = {
    name: '张明',
    email: 'zhang@example.gov.cn',
    organizationName: '青浦区应急管理局',
    roles: ['officer'] as const,
  };

  it('links to the console: the address in the text part, a button in the HTML part', () => {
    const mail = renderWelcomeMail({ ...data, consoleUrl: 'https://fzzf.example.gov.cn/rol/' });
    expect(mail.text).toContain('登录平台：https://fzzf.example.gov.cn/rol/');
    expect(mail.html).toMatch(
      /<td[^>]*bgcolor[^>]*>\s*<a href="https:\/\/fzzf\.example\.gov\.cn\/rol\/"[^>]*>登录平台<\/a>/,
    );
  });

  it('has no button when no console address is given', () => {
    const mail = renderWelcomeMail(data);
    expect(mail.html).not.toContain('<table');
    expect(mail.text).not.toContain('登录平台：');
  });
});
