import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { testPeople } from './helpers/people';

/**
 * The administrator's year in the console: the organisation tree and users, a calendar created in
 * the browser with its timeline drawn from the preview (dates typed into the pickers), a timed launch
 * set and cleared, a due date changed and the timeline moved,
 * a bad value refused beside its field, the launch's progress, re-timing with a reason, and the
 * working days of October 2026 (国庆节).
 *
 * Due dates are in December 2026 (report year 2025): every instant falls in a year whose holidays
 * are known, so the launch needs no acknowledgement. Quiet hours are on (09:00–17:30 by default).
 */
describeInBrowser('the administrator in the web console', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const p = `a${randomBytes(3).toString('hex')}`;
  const { email, user, organization } = testPeople(() => sys, p);

  /** The console errors but the refusal expected (and the browser's bare line for it). */
  const unexpected = (refusal: RegExp) =>
    errors.splice(0).filter((e) => !refusal.test(e) && !e.startsWith('Failed to load resource'));
  /** The help text under the form item holding the control with this test id. */
  const helpOf = (testId: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId(testId) })
      .locator('.ant-form-item-explain');
  const dueAt = (stage: string) => page.getByTestId(`due-at-${stage}`);
  /** The date-time pickers' dropdowns on screen. */
  const openPickers = () => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  /**
   * A date-time typed into the picker with this test id as a person would: click it, select what is
   * there, type, Enter. The picker closes and shows the text as typed (Beijing wall-clock time).
   */
  const typeDateTime = async (testId: string, text: string) => {
    const input = page.getByTestId(testId);
    await input.click();
    await openPickers().waitFor();
    await input.press('ControlOrMeta+a');
    await input.pressSequentially(text);
    await input.press('Enter');
    await openPickers().waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe(text);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    const jurisdiction = await organization('j', '青浦区人民政府', 'jurisdiction');
    const department = await organization('yj', '青浦区应急管理局', 'department', jurisdiction);
    await organization('zh', '综合科', 'division', department);
    await organization('sf', '青浦区司法局', 'department', jurisdiction);
    await user('admin', jurisdiction, ['admin']);
    await user('officer', department, ['officer']);
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('signs in and shows the organisation tree; creates a user, the bad address named under its field', async () => {
    await page.goto(`${sys.api.url}/admin`);
    await page.getByLabel('电子邮箱').fill(email('admin'));
    await page.getByLabel('密码').fill('admin-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const tree = page.getByTestId('org-tree');
    await tree.waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/organizations');
    const nodes = await page.getByTestId('org-node').allInnerTexts();
    expect(nodes.map((n) => n.replace(/\s+/g, ' ').trim())).toEqual([
      '青浦区人民政府 辖区',
      '青浦区司法局 部门',
      '青浦区应急管理局 部门',
      '综合科 处室',
    ]);

    await tree.getByText('青浦区应急管理局').click();
    const users = page.getByTestId('users');
    await users.getByText(email('officer')).waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('王芳');
    await dialog.getByLabel('电子邮箱').fill('not-an-address');
    await dialog.getByLabel('初始密码（至少 8 位）').fill('wangfang-password-1');
    await dialog.getByRole('combobox', { name: '角色' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '处室填报人' }).click();
    // The multiple select keeps its list open: a click on the dialog's title closes it.
    await dialog.getByText('在「青浦区应急管理局」新建用户').click();
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const emailHelp = dialog
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('电子邮箱') })
      .locator('.ant-form-item-explain');
    await emailHelp.waitFor();
    expect(await emailHelp.innerText()).toMatch(/邮箱|email/i);
    expect(unexpected(/^POST \/api\/users → 400$/)).toEqual([]);
    await screenshot(page, 'admin-user-field-error');

    await dialog.getByLabel('电子邮箱').fill(email('wangfang'));
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await users.getByText(email('wangfang')).waitFor();
    expect(await users.innerText()).toContain('处室填报人');
    await screenshot(page, 'admin-organizations');
  });

  it('creates a calendar and sees its year on the timeline, with the quiet-hour shifts', async () => {
    await page.getByRole('menuitem', { name: '年度日历' }).click();
    await page.getByRole('button', { name: '新建日历' }).click();
    await page.getByLabel('报告年度').fill('2025');
    // The pickers are in Chinese, whatever the browser's own locale.
    await page.getByTestId('due-contributions').click();
    const dropdown = await openPickers().innerText();
    expect(dropdown).toMatch(/\d{4}年/);
    expect(dropdown).toMatch(/确\s*定/);
    await screenshot(page, 'calendar-date-picker');
    await page.keyboard.press('Escape');
    await openPickers().waitFor({ state: 'detached' });
    const due: Record<string, string> = {
      contributions: '2026-12-01 18:00',
      drafting: '2026-12-03 18:00',
      legality_review: '2026-12-08 18:00',
      sign_off: '2026-12-10 18:00',
      submission: '2026-12-14 18:00',
      publication: '2026-12-16 18:00',
      shufa_writing: '2026-12-02 18:00',
      shufa_materials_review: '2026-12-09 18:00',
      shufa_evaluation: '2026-12-15 18:00',
      shufa_rectification: '2026-12-17 18:00',
    };
    for (const [stage, value] of Object.entries(due)) await typeDateTime(`due-${stage}`, value);
    // Enter took each date into its picker without submitting the form: nothing created yet.
    expect(new URL(page.url()).pathname).toBe('/admin/calendars');
    await page.getByRole('button', { name: '创建日历' }).click();
    await page.getByTestId('timeline-publication').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/calendars\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('calendar-status').innerText()).toBe('草稿');
    expect(await dueAt('publication').innerText()).toBe('2026-12-16 18:00');
    expect(await dueAt('contributions').innerText()).toBe('2026-12-01 18:00');
    // The saved calendar's form shows its due dates as Chinese-style text (not 12/16/2026, 06:00 PM).
    expect(await page.getByTestId('due-publication').inputValue()).toBe('2026-12-16 18:00');
    expect(await page.getByTestId('due-contributions').inputValue()).toBe('2026-12-01 18:00');
    // 18:00 is after office hours: the reminder a day before waits for 09:00 the next morning, and
    // the one at the due instant would go out after it (not sent).
    const publication = await page.getByTestId('timeline-publication').innerText();
    expect(publication).toContain('P1D：2026-12-15 18:00 → 2026-12-16 09:00');
    expect(publication).toContain('免打扰顺延');
    expect(publication).toMatch(/PT0S：2026-12-16 18:00 → 2026-12-17 09:00\s*免打扰顺延\s*晚于截止，不再发送/);
    expect(publication).toContain('第1次 2026-12-17 18:00 → 2026-12-18 09:00');
    await page.getByTestId('timeline-chart').locator('canvas').first().waitFor();
    expect(errors).toEqual([]);
    await screenshot(page, 'calendar-timeline');
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'calendar-timeline-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('sets a timed launch in its picker and clears it again, nothing saved', async () => {
    const launch = page.getByLabel('定时启动时间', { exact: true });
    await launch.click();
    await openPickers().waitFor();
    await launch.pressSequentially('2026-12-20 08:30');
    await launch.press('Enter');
    await openPickers().waitFor({ state: 'detached' });
    expect(await launch.inputValue()).toBe('2026-12-20 08:30');
    // A timed launch asks for the acknowledgement of unpublished holidays; cleared, it is gone.
    await page.getByText('我知悉').waitFor();
    await launch.hover();
    await page.locator('.ant-form-item').filter({ has: launch }).locator('.ant-picker-clear').click();
    await page.getByText('我知悉').waitFor({ state: 'detached' });
    expect(await launch.inputValue()).toBe('');
    const calendars = (await sys.admin.get('/api/calendars?year=2025')).body.items as { revision: number }[];
    expect(calendars.map((c) => c.revision)).toEqual([1]);
    expect(errors).toEqual([]);
  });

  it('changes a due date and the timeline moves; a bad value is named beside its field', async () => {
    await typeDateTime('due-publication', '2026-12-18 18:00');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await dueAt('publication').filter({ hasText: '2026-12-18 18:00' }).waitFor();
    const publication = await page.getByTestId('timeline-publication').innerText();
    expect(publication).toContain('P1D：2026-12-17 18:00 → 2026-12-18 09:00');
    // The first escalation a day late is a Saturday evening: it goes out on Monday morning.
    expect(publication).toContain('第1次 2026-12-19 18:00 → 2026-12-21 09:00');
    await screenshot(page, 'calendar-timeline-moved');

    // 起草 due before 材料征集: refused, the API's message under the 起草 field; the timeline stays.
    await typeDateTime('due-drafting', '2026-11-30 18:00');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const help = helpOf('due-drafting');
    await help.waitFor();
    expect(await help.innerText()).toContain('应晚于上一阶段');
    expect(await helpOf('due-contributions').count()).toBe(0);
    expect(await dueAt('drafting').innerText()).toBe('2026-12-03 18:00');
    expect(unexpected(/^PATCH \/api\/calendars\/[0-9a-f-]+ → 400$/)).toEqual([]);
    await screenshot(page, 'calendar-field-error');
  });

  it('launches the year, the progress bar reaching done', async () => {
    await page.getByRole('button', { name: '启动全年流程' }).click();
    const state = page.getByTestId('launch-state');
    await state.filter({ hasText: '启动完成' }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('launch-progress').getByRole('progressbar').getAttribute('aria-valuenow')).toBe(
      '100',
    );
    await page.getByTestId('calendar-status').filter({ hasText: '已启动' }).waitFor();
    const cycles = (await sys.admin.get(`/api/report-cycles?year=2025`)).body.items as { id: string }[];
    expect(cycles.map((c) => c.id).sort()).toEqual([`report-2025-${p}-sf`, `report-2025-${p}-yj`]);
    // The refused value is gone: the form shows the calendar as saved.
    expect(await page.getByTestId('due-drafting').inputValue()).toBe('2026-12-03 18:00');
    expect(errors).toEqual([]);
    await screenshot(page, 'calendar-launched');
  });

  it('re-times the launched calendar with a reason, listing the cycles that move first', async () => {
    const revision = async () =>
      ((await sys.admin.get('/api/calendars?year=2025')).body.items as { revision: number }[])[0].revision;
    const before = await revision();
    await typeDateTime('due-publication', '2026-12-17 18:00');
    await page.getByRole('button', { name: '修改并调整运行中的流程…' }).click();
    const dialog = page.getByRole('dialog');
    const listed = dialog.getByTestId('retime-cycles');
    await listed.getByText(`report-2025-${p}-yj`).waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('公开发布：2026-12-18 18:00 → 2026-12-17 18:00');
    expect(text).toContain(`report-2025-${p}-sf`);
    expect(text).toContain('运行中的流程（2 个）');
    await screenshot(page, 'calendar-retime');

    await dialog.getByRole('button', { name: '确认修改并调整流程' }).click();
    await dialog.getByText('请说明修改原因').waitFor();
    await dialog.getByLabel('修改原因').fill('区委工作安排调整，公开发布提前一天');
    await dialog.getByRole('button', { name: '确认修改并调整流程' }).click();
    await dueAt('publication').filter({ hasText: '2026-12-17 18:00' }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await revision()).toBe(before + 1);
    expect(errors).toEqual([]);
  });

  it('shows October 2026 with 国庆节 as a holiday and its 调休 day; sets a local day off', async () => {
    await page.goto(`${sys.api.url}/admin/working-days?month=2026-10`);
    const national = page.getByTestId('day-2026-10-01');
    await national.getByText(/国庆节/).waitFor();
    expect(await national.innerText()).toMatch(/休\s*国庆节 放假/);
    expect(await page.getByTestId('day-2026-10-10').innerText()).toContain('班');
    const month = await page.getByTestId('month-days').innerText();
    expect(month).toMatch(/2026-10-01\s*休\s*国庆节 放假/);
    expect(month).toMatch(/2026-10-10\s*班\s*国庆节调休上班/);
    await screenshot(page, 'working-days');

    await page.locator('td[title="2026-10-12"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('仅青浦区人民政府（地方放假日）').click();
    await dialog.getByLabel(/名称/).fill('区庆');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page
      .getByTestId('day-2026-10-12')
      .getByText(/区庆（本辖区）/)
      .waitFor();
    expect(await page.getByTestId('month-days').innerText()).toMatch(/2026-10-12\s*休\s*区庆（本辖区）/);
    expect(errors).toEqual([]);
    await screenshot(page, 'working-days-local-day');
  });
});
