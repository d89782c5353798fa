import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { Http } from './helpers/http';
import { testPeople } from './helpers/people';
import { startTestSystem, TestSystem } from './helpers/test-system';

const NEW_PASSWORD = 'Officer-new-pass-2';

/**
 * 我的账号 in Chromium on the real stack: opened from the name in the header; the user changes his
 * own name (the header follows), finds his calendar feed (fetched as plain HTTP, an iCalendar),
 * rotates it behind a confirmation (the old address is then not found), is refused a password change
 * with a wrong current password (the message under 当前密码), changes it, goes on in the same tab,
 * and signs in again with the new password. On a phone the page fits the screen's width.
 */
describeInBrowser('我的账号 in the web console', () => {
  let sys: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /** The officer's own API session, opened before the password change. */
  let earlierSession: Http;
  const p = `a${randomBytes(3).toString('hex')}`;
  const { as, email, user, organization } = testPeople(() => sys, p);

  /** The API's refusal a step expects, and nothing else, taken out of the page's errors. */
  function expectRefusal(request: string): void {
    expect(errors.splice(0).filter((e) => !e.startsWith('Failed to load resource'))).toEqual([request]);
  }

  async function signIn(tab: Page, password: string): Promise<void> {
    await tab.getByLabel('电子邮箱').fill(email('officer'));
    await tab.getByLabel('密码').fill(password);
    await tab.getByRole('button', { name: /登\s*录/ }).click();
  }

  const feedUrl = () => page.getByTestId('calendar-feed-url').innerText();

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    const jurisdiction = await organization('j', '嘉定区人民政府', 'jurisdiction');
    const department = await organization('sf', '嘉定区司法局', 'department', jurisdiction);
    await user('officer', department, ['officer', 'reviewer']);
    earlierSession = as.officer;
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    // The copy button's text is read back from the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sys.api.url });
    page = await context.newPage();
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sys?.stop();
  });

  afterEach(() => {
    // No console errors beyond the refusals a step expects (taken out where they happen); emptied, so
    // one step's errors fail that step only.
    expect(errors.splice(0)).toEqual([]);
  });

  it('opens 我的账号 from the name in the header, showing name, e-mail, organisation and roles', async () => {
    await page.goto(`${sys.api.url}/tasks`);
    await signIn(page, 'officer-password-1');
    await page.getByText('暂无待办事项').waitFor();
    const name = page.getByRole('link', { name: '我的账号：officer' });
    expect(await page.getByTestId('user-name').innerText()).toBe('officer');
    expect(await page.getByTestId('user-organization').innerText()).toBe('嘉定区司法局');
    await name.click();
    await page.getByRole('heading', { name: '我的账号' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    const details = page.getByTestId('account-details');
    const text = await details.innerText();
    for (const shown of ['officer', email('officer'), '嘉定区司法局', '法治工作人员', '合法性审查人']) {
      expect(text).toContain(shown);
    }
    // Not one of the menu's pages: none of its entries is selected.
    expect(await page.locator('.ant-menu-item-selected').count()).toBe(0);
    await page.getByTestId('calendar-feed-url').waitFor();
    await screenshot(page, 'account');
  });

  it('changes his own name, which the header and the API then show', async () => {
    const field = page.getByLabel('姓名', { exact: true });
    // Blank is refused before anything is sent.
    await field.fill('   ');
    await page.getByRole('button', { name: '保存姓名' }).click();
    await page.getByText('请输入姓名').waitFor();

    await field.fill('王晓明');
    await page.getByRole('button', { name: '保存姓名' }).click();
    await page.getByText('姓名已改为 王晓明').waitFor();
    await page.getByRole('link', { name: '我的账号：王晓明' }).waitFor();
    expect(await page.getByTestId('user-name').innerText()).toBe('王晓明');
    expect(await page.getByTestId('account-details').innerText()).toContain('王晓明');
    expect((await as.officer.get('/api/me')).body.name).toBe('王晓明');
  });

  it('shows his calendar feed: an iCalendar at a URL needing no login, copied by its button', async () => {
    const url = await feedUrl();
    expect(url).toMatch(new RegExp(`^${sys.api.url}/feeds/[^/]+\\.ics$`));
    // The address the API gives him, and no one else's.
    expect((await as.officer.get('/api/me/calendar-feed')).body.url).toBe(url);
    expect((await sys.admin.get('/api/me/calendar-feed')).body.url).not.toBe(url);
    const ics = await fetch(url);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);

    await page.getByRole('button', { name: '复制订阅地址' }).click();
    await page.getByRole('button', { name: '已复制' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
  });

  it('rotates the feed only once confirmed: the old address is then not found, the new one works', async () => {
    const old = await feedUrl();
    await page.getByRole('button', { name: '更换订阅地址' }).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.getByText('原地址将立即失效').waitFor();
    await confirm.getByRole('button', { name: /取\s*消/ }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await feedUrl()).toBe(old);
    expect((await fetch(old)).status).toBe(200);

    await page.getByRole('button', { name: '更换订阅地址' }).click();
    await confirm.getByText('原地址将立即失效').waitFor();
    // Shot once it has zoomed in (antd's motion classes gone).
    await page.locator('.ant-popconfirm:not([class*="-appear"]):not([class*="-enter"])').waitFor();
    await screenshot(page, 'account-feed-rotate');
    await confirm.getByRole('button', { name: '确认更换' }).click();
    await page.getByText('已更换订阅地址，原地址已失效').waitFor();
    const renewed = await feedUrl();
    expect(renewed).not.toBe(old);
    expect((await as.officer.get('/api/me/calendar-feed')).body.url).toBe(renewed);
    expect((await fetch(old)).status).toBe(404);
    const ics = await fetch(renewed);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });

  it('refuses a wrong current password under 当前密码, then changes it and goes on with the new session', async () => {
    const tokenBefore = await page.evaluate<string>("sessionStorage.getItem('rol.accessToken')");
    await page.getByLabel('当前密码').fill('not-my-password-1');
    await page.getByLabel('新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    const help = page.locator('#password_currentPassword_help');
    await help.waitFor();
    expect(await help.innerText()).toBe('当前密码不正确');
    // Under its field only: no alert repeats it.
    expect(await page.getByRole('alert').filter({ hasText: '当前密码不正确' }).count()).toBe(0);
    await screenshot(page, 'account-password-refused');
    expectRefusal('POST /api/me/password → 400');
    expect((await earlierSession.get('/api/me')).status).toBe(200);

    await page.getByLabel('当前密码').fill('officer-password-1');
    await page.getByLabel('新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    // Still signed in, on the same page, with a new token; every earlier session has ended.
    await page.getByRole('heading', { name: '我的账号' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    const tokenAfter = await page.evaluate<string>("sessionStorage.getItem('rol.accessToken')");
    expect(tokenAfter).not.toBe(tokenBefore);
    expect((await earlierSession.get('/api/me')).status).toBe(401);
    expect((await sys.http.as(tokenAfter).get('/api/me')).body.name).toBe('王晓明');
    await page.getByTestId('calendar-feed-url').waitFor();
    await page.getByRole('menuitem', { name: '我的待办' }).click();
    await page.getByText('暂无待办事项').waitFor();
    expect(new URL(page.url()).pathname).toBe('/tasks');
  });

  it('signs out, and signs in again with the new password only', async () => {
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.getByLabel('电子邮箱').waitFor();
    await signIn(page, 'officer-password-1');
    await page
      .getByRole('alert')
      .filter({ hasText: /密码|邮箱/ })
      .waitFor();
    expectRefusal('POST /api/auth/login → 401');

    await signIn(page, NEW_PASSWORD);
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('user-name').innerText()).toBe('王晓明');
  });

  it('fits a phone’s width, every control named', async () => {
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const tab = await phone.newPage();
    const tabErrors = collectErrors(tab);
    try {
      await tab.goto(`${sys.api.url}/account`);
      await signIn(tab, NEW_PASSWORD);
      await tab.getByRole('heading', { name: '我的账号' }).waitFor();
      await tab.getByTestId('calendar-feed-url').waitFor();
      expect(await tab.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(tab, 'account-phone');
      expect(tabErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
