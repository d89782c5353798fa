import { renderRobotMessage } from './robot-message.template';
import {
  renderNoticeMail,
  renderStageEscalation,
  renderStageReminder,
  stageReminderContent,
  StageNoticeSubject,
} from './stage-notice.template';

const url = 'http://localhost:3000/report-cycles/c-1?action=contribute&divisionId=d-2';
const about: StageNoticeSubject = {
  organizationName: '青浦区应急管理局',
  kind: 'report',
  year: 2026,
  stage: 'contributions',
  dueAt: new Date('2027-01-15T10:00:00Z'),
  cycleId: 'c-1',
  item: '市场监管科的材料',
};
const now = new Date('2027-01-12T08:00:00Z');

describe('a stage notice', () => {
  it('names the action asked of its recipient and gives the console address in the text part', () => {
    const mail = renderStageReminder({ ...about, recipientName: '张明' }, now, { text: '请提交本处室的材料', url });
    expect(mail.subject).toMatch(
      /^【截止提醒】青浦区应急管理局2026年度法治政府建设年度报告「材料征集」阶段市场监管科的材料将于2027年0?1月15日 18:00截止$/,
    );
    expect(mail.text).toContain('请提交本处室的材料。请在截止前完成；逾期将被记录并逐级督办。');
    expect(mail.text).toContain(`前往处理：${url}\n`);
    expect(mail.text).toContain('周期编号：c-1');
  });

  it('has a button to the same page in the HTML part: a table cell holding a styled link, its address escaped', () => {
    const mail = renderStageReminder({ ...about, recipientName: '张明' }, now, { text: '请提交本处室的材料', url });
    const escaped = url.replace('&', '&amp;');
    const button = mail.html.match(
      /<td[^>]*bgcolor="#1677ff"[^>]*>\s*<a href="([^"]+)"[^>]*style="([^"]+)"[^>]*>前往处理<\/a>/,
    );
    expect(button).not.toBeNull();
    expect(button![1]).toBe(escaped);
    expect(button![2]).toContain('display:inline-block');
    expect(button![2]).toContain('text-decoration:none');
    expect(mail.html).toContain('<table role="presentation"');
    // The address again as text, for clients that do not show the button.
    expect(mail.html).toContain(`>${escaped}</a></p>`);
    expect(mail.html).not.toContain(url);
  });

  it('asks an overseer to see to it when it escalates', () => {
    const mail = renderStageEscalation(
      {
        ...about,
        recipientName: '李局长',
        round: 2,
        level: 'principal-leader',
        overdueSince: new Date('2027-01-15T10:00:00Z'),
      },
      new Date('2027-01-16T10:00:00Z'),
      { text: '请督促市场监管科尽快提交材料', url: url.replace('contribute', 'oversee') },
    );
    expect(mail.subject).toMatch(/^【逾期督办·第2次】.+已逾期1天$/);
    expect(mail.text).toContain('本次督办为第2次，已通报至单位主要负责人。请督促市场监管科尽快提交材料。');
    expect(mail.text).toContain('前往处理：http://localhost:3000/report-cycles/c-1?action=oversee&divisionId=d-2');
    expect(mail.html).toContain('<a href="http://localhost:3000/report-cycles/c-1?action=oversee&amp;divisionId=d-2"');
  });

  it('escapes everything it interpolates into the HTML part', () => {
    const hostile = '<script>alert("x")</script>&';
    const content = stageReminderContent({ ...about, organizationName: hostile, item: `${hostile}的材料` }, now, {
      text: '请提交本处室的材料',
      url: 'https://example.gov.cn/report-cycles/c?action=draft&x="><script>',
    });
    const mail = renderNoticeMail(content, hostile);
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(mail.html).toContain(
      'href="https://example.gov.cn/report-cycles/c?action=draft&amp;x=&quot;&gt;&lt;script&gt;"',
    );
  });

  it('ends a group robot’s Markdown with a link line to the page', () => {
    const message = renderRobotMessage(stageReminderContent(about, now, { text: '请市场监管科提交材料', url }));
    expect(message.markdown).toContain('请市场监管科提交材料。请在截止前完成');
    expect(message.markdown).toContain(`\n\n[前往处理](${url})\n\n`);
    const odd = renderRobotMessage(
      stageReminderContent(about, now, { text: '请提交', url: 'https://h/a (b)[c]/report-cycles/x?action=draft' }),
    );
    expect(odd.markdown).toContain('[前往处理](https://h/a%20%28b%29%5Bc%5D/report-cycles/x?action=draft)');
  });
});
