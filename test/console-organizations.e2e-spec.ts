import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { creditCodeCheckChar } from '@rol/domain';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { RobotReceiver } from './helpers/robot-receiver';
import { ADMIN, startTestSystem, TestSystem } from './helpers/test-system';

/**
 * A new system set up in the console by its system administrator, as after the first `npm start`:
 * the first jurisdiction and a department created in the browser (a bad 统一社会信用代码 and a code
 * already taken named under their fields), a leader made the department's principal leader, its
 * notice channels set and then changed without re-entering the robot, a user's roles changed, his
 * password reset, his sign-in lock lifted and his account disabled — each checked against the API.
 */
describeInBrowser('setting up the organisations in the web console', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const robots = new RobotReceiver();
  const p = `o${randomBytes(3).toString('hex')}`;
  const creditCode = `11310118MB2F40432${creditCodeCheckChar('11310118MB2F40432')}`;
  /** The same code with a wrong check character. */
  const badCreditCode = `11310118MB2F40432${creditCode.endsWith('X') ? 'Y' : 'X'}`;
  const ids: Record<string, string> = {};

  /** The console errors but the refusals a step expects (and the browser's bare line for them). */
  const unexpected = (refusal: RegExp) =>
    errors.splice(0).filter((e) => !refusal.test(e) && !e.startsWith('Failed to load resource'));
  /** The help text under the form item holding the control labelled `label`, inside `scope`. */
  const helpOf = (scope: Locator, label: string) =>
    scope
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain');
  const dialog = () => page.getByRole('dialog');
  const organizations = async () =>
    (await sys.admin.get('/api/organizations')).body.items as { id: string; name: string; [k: string]: unknown }[];
  const userRow = (email: string) => page.getByTestId('users').locator('tr').filter({ hasText: email });
  /** Picks an option of the antd select labelled `label` in the open dialog. */
  async function choose(label: string, option: string | RegExp): Promise<void> {
    await dialog().getByRole('combobox', { name: label }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).click();
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    await robots.start();
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await robots.stop();
    await sys?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('shows the system administrator an empty tree and creates the first jurisdiction', async () => {
    await page.goto(`${sys.api.url}/admin/organizations`);
    await page.getByLabel('电子邮箱').fill(ADMIN.email);
    await page.getByLabel('密码').fill(ADMIN.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('暂无组织，请先新建辖区').waitFor();
    await screenshot(page, 'organizations-empty');

    await page.getByRole('button', { name: '新建单位' }).click();
    // Nothing selected: a jurisdiction at the top, which only a system administrator may create.
    expect(await dialog().locator('.ant-select').first().innerText()).toContain('辖区');
    await dialog().getByLabel('名称', { exact: true }).fill('青浦区人民政府');
    await dialog().getByLabel('单位代码', { exact: true }).fill(`${p}-j`);
    await dialog()
      .getByRole('button', { name: /创\s*建/ })
      .click();
    await page.getByTestId('org-details').waitFor();
    expect(await page.getByTestId('org-node').allInnerTexts()).toEqual(['青浦区人民政府 辖区']);
    const [jurisdiction] = await organizations();
    expect(jurisdiction).toMatchObject({
      name: '青浦区人民政府',
      code: `${p}-j`,
      kind: 'jurisdiction',
      parentId: null,
    });
    ids.j = jurisdiction.id;
  });

  it('creates a department under it, a bad credit code and a taken code named under their fields', async () => {
    // The jurisdiction is selected: the new one defaults to a department under it.
    await page.getByRole('button', { name: '新建单位' }).click();
    const form = dialog();
    expect(await form.locator('.ant-select').first().innerText()).toContain('部门');
    expect(await form.locator('.ant-select').nth(1).innerText()).toContain('青浦区人民政府');
    await form.getByLabel('名称', { exact: true }).fill('青浦区应急管理局');
    await form.getByLabel('单位代码', { exact: true }).fill(`${p}-yj`);
    await form.getByLabel('统一社会信用代码', { exact: true }).fill(badCreditCode);
    await form.getByRole('button', { name: /创\s*建/ }).click();
    const creditHelp = helpOf(form, '统一社会信用代码');
    await creditHelp.waitFor();
    expect(await creditHelp.innerText()).toMatch(/校验码|统一社会信用代码/);
    expect(unexpected(/^POST \/api\/organizations → 400$/)).toEqual([]);
    await screenshot(page, 'organization-field-error');

    await form.getByLabel('统一社会信用代码', { exact: true }).fill(creditCode);
    await form.getByLabel('单位代码', { exact: true }).fill(`${p}-j`);
    await form.getByRole('button', { name: /创\s*建/ }).click();
    // The code is the jurisdiction's: a conflict, named under the code field.
    const codeHelp = helpOf(form, '单位代码');
    await codeHelp.filter({ hasText: '已存在' }).waitFor();
    // The credit code's message is gone (the one under the code replaces it).
    await helpOf(form, '统一社会信用代码').waitFor({ state: 'detached' });
    expect(unexpected(/^POST \/api\/organizations → 409$/)).toEqual([]);

    await form.getByLabel('单位代码', { exact: true }).fill(`${p}-yj`);
    await form.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByTestId('org-node').nth(1).waitFor();
    expect((await page.getByTestId('org-node').allInnerTexts()).map((t) => t.trim())).toEqual([
      '青浦区人民政府 辖区',
      '青浦区应急管理局 部门',
    ]);
    const department = (await organizations()).find((o) => o.name === '青浦区应急管理局');
    expect(department).toMatchObject({ kind: 'department', parentId: ids.j, creditCode, code: `${p}-yj` });
    ids.yj = department!.id;
    const details = await page.getByTestId('org-details').innerText();
    expect(details).toContain(creditCode);
    expect(details).toContain('未设置（不设主要负责人的部门不启动述法）');
  });

  it('makes a new leader the department’s principal leader', async () => {
    await page.getByRole('button', { name: '新建用户' }).click();
    await dialog().getByLabel('姓名').fill('李局长');
    await dialog().getByLabel('电子邮箱').fill(`leader-${p}@test.local`);
    await dialog().getByLabel('初始密码（至少 8 位）').fill('Leader-password-1');
    await dialog().getByRole('combobox', { name: '角色' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '领导' }).click();
    await dialog().getByText('在「青浦区应急管理局」新建用户').click();
    await dialog()
      .getByRole('button', { name: /创\s*建/ })
      .click();
    await userRow(`leader-${p}@test.local`).waitFor();

    await page.getByRole('button', { name: '编辑单位信息' }).click();
    await choose('主要负责人', '李局长');
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByTestId('org-details').getByText(`李局长（leader-${p}@test.local）`).waitFor();
    const leader = (await sys.admin.get(`/api/users?organizationId=${ids.yj}`)).body.items[0];
    expect((await sys.admin.get(`/api/organizations/${ids.yj}`)).body.principalLeaderId).toBe(leader.id);
    await screenshot(page, 'organization-details');
  });

  it('sets the department’s notice channels, then changes the mailbox keeping the robot as it was', async () => {
    const wecom = robots.wecom('yj', `key${randomBytes(12).toString('hex')}`);
    await page.getByRole('button', { name: '修改通知渠道' }).click();
    await dialog().getByLabel('单位邮箱', { exact: true }).fill(`yjj-${p}@test.local`);
    // The second robot (WeCom): each robot offers 设置 / 不设置 while it has none.
    await dialog().getByText('设置', { exact: true }).nth(1).click();
    await dialog().getByLabel('企业微信机器人 Webhook 地址', { exact: true }).fill('ftp://not-a-robot');
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    const help = helpOf(dialog(), '企业微信机器人 Webhook 地址');
    await help.waitFor();
    expect(await help.innerText()).toMatch(/https|http/);
    expect(unexpected(/^PATCH \/api\/organizations\/[0-9a-f-]+\/channels → 400$/)).toEqual([]);
    await dialog().getByLabel('企业微信机器人 Webhook 地址', { exact: true }).fill(wecom);
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    const shown = page.getByTestId('channels');
    await shown.getByText(`yjj-${p}@test.local`).waitFor();
    // The robot's key is masked, never shown back.
    expect(await shown.innerText()).toMatch(/key=\*{4}/);
    expect(await shown.innerText()).not.toContain(new URL(wecom).searchParams.get('key'));

    await page.getByRole('button', { name: '修改通知渠道' }).click();
    // Only the WeCom robot is set: it alone can be kept, and is by default.
    expect(await dialog().getByRole('radio', { name: '保持不变', exact: true }).isChecked()).toBe(true);
    await dialog().getByLabel('单位邮箱', { exact: true }).fill(`bgs-${p}@test.local`);
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await shown.getByText(`bgs-${p}@test.local`).waitFor();
    const channels = (await sys.admin.get(`/api/organizations/${ids.yj}/channels`)).body;
    expect(channels).toMatchObject({
      email: `bgs-${p}@test.local`,
      dingtalk: null,
      wecom: { webhook: expect.stringContaining('key=****') },
    });
    await screenshot(page, 'organization-channels');
  });

  it('changes a user’s roles, resets his password, lifts his sign-in lock and disables him', async () => {
    const address = `officer-${p}@test.local`;
    const created = await sys.admin.post('/api/users', {
      name: '张敏',
      email: address,
      password: 'Officer-password-1',
      organizationId: ids.yj,
      roles: ['officer'],
    });
    expect(created.status).toBe(201);
    await page.reload();
    await page.getByTestId('org-tree').getByText('青浦区应急管理局').click();
    const row = userRow(address);
    await row.waitFor();

    await row.getByRole('button', { name: '编辑 张敏' }).click();
    await dialog().getByRole('combobox', { name: '角色' }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '公开发布人' })
      .click();
    // The multiple select keeps its list open: a click in the name field above closes it.
    await dialog().getByLabel('姓名').click();
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await row.getByText('公开发布人').waitFor();
    expect((await sys.admin.get(`/api/users/${created.body.id}`)).body.roles).toEqual(['officer', 'publisher']);

    // A password reset: his session ends, and he must change the password first.
    const session = await sys.http.login(address, 'Officer-password-1');
    await row.getByRole('button', { name: '重置 张敏 的密码' }).click();
    await dialog().getByLabel('新密码').fill('Reset-password-2');
    await dialog()
      .getByRole('button', { name: /重置密码/ })
      .click();
    await row.getByText('待改密码').waitFor();
    expect((await session.get('/api/me')).status).toBe(401);
    const after = await sys.http.login(address, 'Reset-password-2');
    expect((await after.get('/api/me')).body.mustChangePassword).toBe(true);

    // Five wrong passwords lock him; the administrator lifts it.
    for (let i = 0; i < 5; i++) {
      await sys.http.post('/api/auth/login', { email: address, password: 'wrong-password' });
    }
    expect((await sys.http.post('/api/auth/login', { email: address, password: 'Reset-password-2' })).status).toBe(423);
    await page.reload();
    await page.getByTestId('org-tree').getByText('青浦区应急管理局').click();
    await row.getByText('已锁定').waitFor();
    await row.getByRole('button', { name: '解除 张敏 的登录锁定' }).click();
    await row.getByText('正常').waitFor();
    expect((await sys.http.post('/api/auth/login', { email: address, password: 'Reset-password-2' })).status).toBe(200);

    await row.getByRole('button', { name: '编辑 张敏' }).click();
    await dialog().getByRole('switch', { name: '启用' }).click();
    await dialog()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await row.getByText('已停用').waitFor();
    expect((await sys.http.post('/api/auth/login', { email: address, password: 'Reset-password-2' })).status).toBe(401);
    await screenshot(page, 'organization-users');
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'organization-users-phone');
  });
});
