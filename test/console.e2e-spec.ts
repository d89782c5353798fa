import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { reportFixturesDir } from './helpers/fixtures';
import { waitUntil } from './helpers/processes';
import { creditCodeCheckChar } from '@rol/domain';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { testPeople } from './helpers/people';

const qingpu = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
/** The same report without its part three (the 第一责任人 section). */
const withoutFirstResponsible = (() => {
  const lines = qingpu.split('\n');
  const start = lines.findIndex((l) => l.startsWith('三、'));
  const end = lines.findIndex((l) => l.startsWith('四、'));
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
})();

const HOUR = 3_600_000;

/**
 * A whole report cycle walked through the console, role by role, each with his own login: the
 * contributor hands in, the officer drafts (a section missing, named, fixed), the reviewer rejects
 * with a reason and then approves, the leader signs on a phone, the officer submits, the publisher
 * publishes and opens the public page. Screens are saved under test-output/console.
 */
describeInBrowser('the web console in Chromium', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let cycleId: string;
  let publisher: string;
  let creditCode: string;
  const p = `w${randomBytes(3).toString('hex')}`;
  const { email, user, organization } = testPeople(() => sys, p);

  /** A separate browser (own session storage) signed in as `who`, at `path`. */
  async function signedIn(who: string, path: string, viewport = { width: 1280, height: 900 }) {
    const context = await browser.newContext({ locale: 'zh-CN', viewport });
    const tab = await context.newPage();
    const tabErrors = collectErrors(tab);
    await tab.goto(`${sys.api.url}${path}`);
    await tab.getByLabel('电子邮箱').fill(email(who));
    await tab.getByLabel('密码').fill(`${who}-password-1`);
    await tab.getByRole('button', { name: /登\s*录/ }).click();
    await tab.getByTestId('user-name').waitFor();
    return { context, tab, tabErrors };
  }

  const cycle = async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    const jurisdiction = await organization('j', '青浦区人民政府', 'jurisdiction');
    const department = await organization('yj', '青浦区应急管理局', 'department', jurisdiction);
    const first17 = '11310118MB2F40432';
    creditCode = first17 + creditCodeCheckChar(first17);
    const division = await organization('fz', '法制宣教科', 'division', department);
    await user('contributor', division, ['contributor']);
    await user('officer', department, ['officer']);
    await user('reviewer', department, ['reviewer']);
    const leader = await user('leader', department, ['leader']);
    publisher = await user('publisher', department, ['publisher']);
    const set = await sys.admin.patch(`/api/organizations/${department}`, { creditCode, principalLeaderId: leader });
    expect(set.status).toBe(200);
    // Material due in 12 hours, the draft a day later (both blue: within 3 working days).
    const calendar = await sys.admin.post(
      '/api/calendars',
      calendarRelativeToNow(jurisdiction, { firstMs: 12 * HOUR, stepMs: 24 * HOUR, reminders: ['PT1H'] }),
    );
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycleId = `report-${new Date().getFullYear()}-${p}-yj`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body?.stage === 'contributions',
      30_000,
      'the cycle to open the collection',
    );
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('serves the console at / and pages under their own paths, leaving /api, /public and /feeds to the API', async () => {
    const root = await fetch(`${sys.api.url}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${sys.api.url}/report-cycles/${cycleId}?action=draft`, {
      headers: { accept: 'text/html' },
    });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${sys.api.url}/api/no-such-route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('NOT_FOUND');
    const feed = await fetch(`${sys.api.url}/feeds/nothing.ics`, { headers: { accept: 'text/html' } });
    expect(feed.headers.get('content-type')).not.toContain('text/html');
  });

  it('the contributor finds his division’s part in 我的待办 (blue light), hands it in, and the collection closes', async () => {
    const { context, tab, tabErrors } = await signedIn('contributor', '/tasks');
    try {
      const task = tab.getByTestId('task');
      await task.first().waitFor();
      expect(await task.count()).toBe(1);
      const text = await task.innerText();
      expect(text).toContain('提交本处室材料');
      expect(text).toContain('蓝灯');
      expect(await task.getAttribute('data-light')).toBe('blue');
      // The light is the API's, by the one rule (the same answer the dashboard gives).
      const tasks = (
        await sys.http.login(email('contributor'), 'contributor-password-1').then((h) => h.get('/api/me/tasks'))
      ).body.items;
      expect(tasks.map((t: { light: string }) => t.light)).toEqual(['blue']);
      await screenshot(tab, '02-my-tasks');
      await task.getByRole('link').click();
      await tab.getByTestId('current-stage').waitFor();
      expect(tab.url()).toContain(`/report-cycles/${cycleId}?action=contribute&divisionId=`);
      expect(await tab.getByTestId('current-stage').innerText()).toBe('材料征集');
      await tab.getByLabel('本处室材料').fill('法制宣教科2025年度开展“八五”普法，组织执法人员培训4次。');
      await tab.getByRole('button', { name: '提交材料' }).click();
      // The only division handed in: the collection closes and drafting opens.
      await tab.getByText('您在当前阶段没有需要办理的事项').waitFor();
      await waitUntil(async () => (await cycle()).stage === 'drafting', 20_000, 'drafting to open');
      await tab.reload();
      const part = tab.getByTestId('contribution-法制宣教科');
      await part.waitFor();
      expect(await part.innerText()).toContain('已提交');
      const view = await cycle();
      expect(view.contributions).toEqual([
        expect.objectContaining({
          name: '法制宣教科',
          by: expect.stringContaining('contributor'),
          late: false,
          handedInAt: expect.any(String),
          content: expect.stringContaining('八五'),
        }),
      ]);
      expect(tabErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs in, keeping the page asked for, and shows the name, organisation and roles', async () => {
    const started = Date.now();
    await page.goto(`${sys.api.url}/report-cycles/${cycleId}?action=draft`);
    await page.getByLabel('电子邮箱').waitFor();
    const firstScreenMs = Date.now() - started;
    // In the page (a string: the tests are type-checked without the DOM library).
    const timing = await page.evaluate<number>(
      "Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)",
    );
    console.log(`控制台首屏（登录页）加载 / console first screen: ${firstScreenMs} ms (DOMContentLoaded ${timing} ms)`);
    expect(page.url()).toContain(`/login?next=${encodeURIComponent(`/report-cycles/${cycleId}?action=draft`)}`);
    await screenshot(page, '01-login');

    await page.getByLabel('电子邮箱').fill(email('officer'));
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /密码|邮箱/ })
      .waitFor();
    errors.length = 0; // the refused sign-in is a 401 the browser logs

    await page.getByLabel('密码').fill('officer-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-stage').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/report-cycles/${cycleId}`);
    expect(await page.getByTestId('user-name').innerText()).toBe('officer');
    expect(await page.getByTestId('user-organization').innerText()).toBe('青浦区应急管理局');
    expect(await page.getByText('法治工作人员').count()).toBeGreaterThan(0);
    // An officer has no 述法 work: the menu does not offer it.
    expect(await page.getByRole('menuitem', { name: '述法' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '年度报告' }).count()).toBe(1);
  });

  it('lists the task in 我的待办 with its due date, time left and light, one click from its cycle', async () => {
    await page.getByRole('menuitem', { name: '我的待办' }).click();
    const task = page.getByTestId('task');
    await task.first().waitFor();
    expect(await task.count()).toBe(1);
    const text = await task.innerText();
    expect(text).toContain('起草并提交报告草稿');
    expect(text).toContain(cycleId);
    expect(text).toMatch(/截止：\d{4}年\d+月\d+日 \d\d:\d\d/);
    expect(text).toMatch(/还剩 1 天 1\d 小时/);
    expect(text).toContain('蓝灯');
    await screenshot(page, '02-my-tasks-officer');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '02-my-tasks-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await task.getByRole('link').click();
    await page.getByTestId('current-stage').waitFor();
    expect(page.url()).toContain(`/report-cycles/${cycleId}?action=draft`);
    expect(await page.getByTestId('current-stage').innerText()).toBe('起草');
    expect(await page.getByTestId('stage-drafting').innerText()).toContain('进行中');
  });

  it('posts a draft missing a section and names it; the advance is refused naming it too', async () => {
    await page.getByLabel('报告草稿全文').fill(withoutFirstResponsible);
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const check = page.getByTestId('section-check');
    await check.waitFor();
    expect(await check.innerText()).toContain('党政主要负责人履行推进法治建设第一责任人职责情况');
    await screenshot(page, '03-draft-missing-section');

    await page.getByRole('button', { name: /办结「起草」/ }).click();
    const refused = page.getByRole('alert').filter({ hasText: '缺少必备部分' });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('党政主要负责人履行推进法治建设第一责任人职责情况');
    expect((await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage).toBe('drafting');
    errors.length = 0; // the refused advance is a 400 the browser logs
  });

  it('fixes the draft and advances to the legality review', async () => {
    await page.getByLabel('报告草稿全文').fill(qingpu);
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('已保存第 2 版').waitFor();
    expect(await page.getByTestId('section-check').innerText()).toContain('必备部分齐全');
    await page.getByRole('button', { name: /办结「起草」/ }).click();
    await page.getByText('您在当前阶段没有需要办理的事项').waitFor();
    await page.getByTestId('current-stage').filter({ hasText: '合法性审查' }).waitFor();
    expect(await page.getByTestId('stage-drafting').innerText()).toContain('已办结');
    const state = (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;
    expect(state.stage).toBe('legality_review');
    // The audit trail, readable: both versions saved and the stage ended, by the officer.
    const trail = page.getByTestId('audit-trail');
    // Two stages ended: the collection (closed by the last part) and drafting.
    await trail.getByText('阶段办结').nth(1).waitFor();
    const text = await trail.innerText();
    expect(text).toMatch(/保存草稿[^]*第 2 版/);
    expect(text).toContain('起草 → 合法性审查');
    expect(text).toContain('缺 1 个必备部分');
    expect(text).toContain('officer');
    // The two versions side by side: the diff shows the part the second version added.
    const diff = page.getByTestId('version-diff');
    await diff.waitFor();
    const added = await diff.locator('ins').allInnerTexts();
    expect(added.join('\n')).toContain('+ 三、');
    expect(await diff.locator('del').count()).toBe(0);
    expect(await page.getByTestId('version-1').innerText()).toContain(
      '缺：党政主要负责人履行推进法治建设第一责任人职责情况',
    );
    expect(await page.getByTestId('version-2').innerText()).toContain('必备部分齐全');
    await screenshot(page, '04-cycle-advanced');
  });

  it("shows the API's coded error next to the field it names, and rejects with a reason (the reviewer)", async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    const phoneErrors = collectErrors(phone);
    try {
      await phone.goto(`${sys.api.url}/tasks`);
      await phone.getByLabel('电子邮箱').fill(email('reviewer'));
      await phone.getByLabel('密码').fill('reviewer-password-1');
      await phone.getByRole('button', { name: /登\s*录/ }).click();
      await phone.getByTestId('task').getByRole('link').click();
      await phone.getByTestId('current-stage').waitFor();
      expect(phone.url()).toContain(`/report-cycles/${cycleId}?action=review`);

      // No review opinion: the API's VALIDATION_FAILED names `comment`, shown under that field.
      await phone.getByRole('button', { name: /办结「合法性审查」/ }).click();
      const help = phone.locator('#advance_comment_help');
      await help.waitFor();
      expect(await help.innerText()).toContain('合法性审查须填写审查意见');
      await screenshot(phone, '05-review-field-error-phone');
      // The refusal, and nothing else (the browser also logs it as a bare "Failed to load resource").
      expect(phoneErrors.splice(0).filter((e) => !e.startsWith('Failed to load resource'))).toEqual([
        `POST /api/report-cycles/${cycleId}/advance → 400`,
      ]);

      await phone.getByLabel('退回理由').fill('第三部分未写明主要负责人履职情况，请补充');
      await phone.getByRole('button', { name: /退\s*回/ }).click();
      await phone.getByText('您在当前阶段没有需要办理的事项').waitFor();
      expect(await phone.getByTestId('current-stage').innerText()).toBe('起草');
      const state = (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;
      expect([state.stage, state.rework]).toEqual(['drafting', 1]);
      expect(phoneErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the officer sees the rework on the timeline and sends the draft back to review; the reviewer approves', async () => {
    await page.goto(`${sys.api.url}/report-cycles/${cycleId}?action=draft`);
    await page.getByTestId('current-stage').waitFor();
    expect(await page.getByTestId('stage-drafting').innerText()).toContain('退回重做 1 次');
    // The reviewer's reason is in the trail, as he gave it.
    expect(await page.getByTestId('audit-trail').innerText()).toContain('第三部分未写明主要负责人履职情况，请补充');
    await page.getByRole('button', { name: /办结「起草」/ }).click();
    await page.getByText('您在当前阶段没有需要办理的事项').waitFor();
    expect((await cycle()).stage).toBe('legality_review');

    const { context, tab, tabErrors } = await signedIn('reviewer', `/report-cycles/${cycleId}?action=review`);
    try {
      await tab.getByTestId('current-stage').waitFor();
      await tab.getByLabel('意见或说明').fill('经审查，报告内容合法，同意提请领导审签。');
      await tab.getByRole('button', { name: /办结「合法性审查」/ }).click();
      await tab.getByText('您在当前阶段没有需要办理的事项').waitFor();
      expect(await tab.getByTestId('current-stage').innerText()).toBe('领导审签');
      expect(tabErrors).toEqual([]);
    } finally {
      await context.close();
    }
    const view = await cycle();
    expect([view.stage, view.rework]).toEqual(['sign_off', 1]);
  });

  it('the leader signs off on a phone, recording the meeting', async () => {
    const { context, tab, tabErrors } = await signedIn('leader', '/tasks', { width: 390, height: 844 });
    try {
      // He also has his 述法 to write; the sign-off is the report's task.
      const task = tab.getByTestId('task').filter({ hasText: '领导审签' });
      await task.waitFor();
      await task.getByRole('link').click();
      await tab.getByTestId('current-stage').waitFor();
      expect(tab.url()).toContain(`/report-cycles/${cycleId}?action=sign_off`);
      // Without the meeting the API names the field, and the page shows it under the field.
      await tab.getByRole('button', { name: /办结「领导审签」/ }).click();
      await tab.getByText('领导审签须记录审议会议').first().waitFor();
      tabErrors.length = 0; // the refusal's 400
      await tab.getByLabel('审议会议类型').fill('局长办公会');
      await tab.getByLabel('审议会议日期').click();
      await tab.locator('.ant-picker-dropdown .ant-picker-now-btn').click();
      await screenshot(tab, '06-leader-sign-off-phone');
      // The page fits the phone: nothing wider than the screen.
      expect(await tab.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await tab.getByRole('button', { name: /办结「领导审签」/ }).click();
      await tab.getByText('您在当前阶段没有需要办理的事项').waitFor();
      expect(tabErrors).toEqual([]);
    } finally {
      await context.close();
    }
    const view = await cycle();
    expect(view.stage).toBe('submission');
    const trail = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit`)).body.items;
    const signed = trail.find(
      (r: { action: string; before: { stage?: string } | null }) =>
        r.action === 'stage.advanced' && r.before?.stage === 'sign_off',
    );
    expect(signed.actor.label).toBe(`leader <${email('leader')}>`);
    expect(signed.after.details.meeting.type).toBe('局长办公会');
  });

  it('the officer submits to the recipients', async () => {
    await page.goto(`${sys.api.url}/report-cycles/${cycleId}?action=submit`);
    await page.getByTestId('current-stage').waitFor();
    const recipients = page.getByLabel('报送对象');
    for (const to of ['中共青浦区委', '青浦区人民政府', '青浦区委依法治区办']) {
      await recipients.fill(to);
      await recipients.press('Enter');
    }
    await page.getByRole('button', { name: /办结「报送」/ }).click();
    await page.getByText('您在当前阶段没有需要办理的事项').waitFor();
    expect((await cycle()).stage).toBe('publication');
  });

  it('the publisher publishes with the 政府信息公开 form, sees the 索引号 and opens the public page', async () => {
    const { context, tab, tabErrors } = await signedIn('publisher', `/report-cycles/${cycleId}?action=publish`);
    try {
      await tab.getByLabel('内容概述（100字以内）').waitFor();
      // Filled in from the department: title and issuer.
      expect(await tab.getByLabel('标题').inputValue()).toBe(
        `青浦区应急管理局${new Date().getFullYear()}年法治政府建设年度报告`,
      );
      // A 索引号 of another organisation: refused, under the field.
      await tab.getByLabel('内容概述（100字以内）').fill('本报告总结本局年度法治政府建设情况。');
      await tab.getByLabel('索引号').fill(`913101000000000000/${new Date().getFullYear()}-00001`);
      await tab.getByRole('button', { name: /公开发布/ }).click();
      const help = tab.locator('#publication_indexNumber_help');
      await help.waitFor();
      expect(await help.innerText()).toContain(creditCode);
      tabErrors.length = 0; // the refusal's 400
      await tab.getByLabel('索引号').fill('');
      await tab.getByRole('button', { name: /公开发布/ }).click();
      const index = tab.getByTestId('index-number');
      await index.waitFor();
      const year = new Date().getFullYear();
      expect(await index.innerText()).toBe(`${creditCode}/${year}-00001`);
      expect(await tab.getByTestId('current-stage').innerText()).toBe('已完成');
      await screenshot(tab, '07-cycle-published');
      const view = await cycle();
      expect([view.stage, view.publication.indexNumber]).toEqual(['completed', `${creditCode}/${year}-00001`]);

      const [publicPage] = await Promise.all([
        context.waitForEvent('page'),
        tab.getByRole('link', { name: '查看公开页面' }).click(),
      ]);
      await publicPage.waitForLoadState();
      const body = await publicPage.locator('body').innerText();
      expect(body).toContain(`${creditCode}/${year}-00001`);
      expect(body).toContain('三、');
      await screenshot(publicPage, '08-public-page');
      expect(tabErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks for a new password first when an administrator has reset it, then shows an empty 我的待办', async () => {
    const reset = await sys.admin.patch(`/api/users/${publisher}`, { password: 'Reset-by-admin-1' });
    expect(reset.status).toBe(200);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const other = await context.newPage();
    const otherErrors = collectErrors(other);
    try {
      await other.goto(`${sys.api.url}/`);
      await other.getByLabel('电子邮箱').fill(email('publisher'));
      await other.getByLabel('密码').fill('Reset-by-admin-1');
      await other.getByRole('button', { name: /登\s*录/ }).click();
      await other.getByText('请先修改密码').waitFor();
      await other.getByLabel('当前密码').fill('Reset-by-admin-1');
      await other.getByLabel('新密码').fill('Publisher-new-2');
      await other.getByRole('button', { name: '修改密码' }).click();
      await other.getByText('暂无待办事项').waitFor();
      expect(new URL(other.url()).pathname).toBe('/tasks');
      // The new password is the one that signs in now (login throws on anything but 200).
      await expect(sys.http.login(email('publisher'), 'Publisher-new-2')).resolves.toBeDefined();
      expect(otherErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sends an expired session back to sign-in and returns to the same page after it', async () => {
    await page.evaluate("sessionStorage.setItem('rol.accessToken', 'expired-token')");
    await page.reload();
    await page.getByLabel('电子邮箱').waitFor();
    expect(page.url()).toContain(`next=${encodeURIComponent(`/report-cycles/${cycleId}`)}`);
    errors.length = 0; // the expired session's 401
    await page.getByLabel('电子邮箱').fill(email('officer'));
    await page.getByLabel('密码').fill('officer-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-stage').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/report-cycles/${cycleId}`);
  });

  afterEach(() => {
    // No console errors beyond the refusals a step expects (cleared where they happen).
    expect(errors).toEqual([]);
  });
});
