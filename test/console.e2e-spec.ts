import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { reportFixturesDir } from './helpers/fixtures';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow } from './helpers/seed';
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

describeInBrowser('the web console in Chromium', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let cycleId: string;
  let publisher: string;
  const p = `w${randomBytes(3).toString('hex')}`;
  const { email, user, organization } = testPeople(() => sys, p);

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    const jurisdiction = await organization('j', '青浦区人民政府', 'jurisdiction');
    const department = await organization('yj', '青浦区应急管理局', 'department', jurisdiction);
    await user('officer', department, ['officer']);
    await user('reviewer', department, ['reviewer']);
    publisher = await user('publisher', department, ['publisher']);
    // No divisions: the cycle opens at drafting, due in two days (a blue light).
    const calendar = await sys.admin.post(
      '/api/calendars',
      calendarRelativeToNow(jurisdiction, { firstMs: 24 * HOUR, stepMs: 24 * HOUR, reminders: ['PT1H'] }),
    );
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`)).status).toBe(202);
    cycleId = `report-${new Date().getFullYear()}-${p}-yj`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body?.stage === 'drafting',
      30_000,
      'the cycle to open drafting',
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
    expect(text).toMatch(/还剩 1 天 2\d 小时/);
    expect(text).toContain('蓝灯');
    await screenshot(page, '02-my-tasks');

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
    expect(await page.getByTestId('current-stage').innerText()).toBe('合法性审查');
    expect(await page.getByTestId('stage-drafting').innerText()).toContain('已办结');
    const state = (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;
    expect(state.stage).toBe('legality_review');
    // The audit trail, readable: both versions saved and the stage ended, by the officer.
    const trail = page.getByTestId('audit-trail');
    await trail.getByText('阶段办结').waitFor();
    const text = await trail.innerText();
    expect(text).toMatch(/保存草稿[^]*第 2 版/);
    expect(text).toContain('缺 1 个必备部分');
    expect(text).toContain('officer');
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
