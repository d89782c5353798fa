import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { shufaReportText } from './helpers/shufa-report';
import { startTestSystem, TestSystem } from './helpers/test-system';

const DAY = 86_400_000;
const DIMENSIONS = ['学法用法', '依法决策', '推进法治建设', '述法质量'];

/**
 * The 述法 screens in Chromium on the real stack: the office sets the panel and mode and records the
 * meeting; an evaluator scores with his own login and sees only his own marks; the office closes the
 * evaluation and issues a 问题清单 item, the leader reports it done, the office reopens and verifies it.
 * The leader's writing is seeded through the API (CyclePage's own forms are tested in console.e2e-spec).
 */
describeInBrowser('the 述法 screens of the web console', () => {
  let sys: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: Record<string, string[]> = {};
  const pages: Record<string, Page> = {};
  const p = `c${randomBytes(3).toString('hex')}`;
  const { as, email, user, organization } = testPeople(() => sys, p);
  const ids: Record<string, string> = {};
  let cycleId: string;
  const url = () => `/api/shufa-cycles/${cycleId}`;
  const view = async () => (await sys.admin.get(url())).body;

  /** A browser of one's own, signed in with one's own login, at `path`. */
  async function signIn(who: string, path: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    errors[who] = collectErrors(page);
    await page.goto(`${sys.api.url}${path}`);
    await page.getByLabel('电子邮箱').fill(email(who));
    await page.getByLabel('密码').fill(`${who}-password-1`);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    pages[who] = page;
    return page;
  }

  /** The API's refusal a step expects, and nothing else, taken out of the page's errors. */
  function expectRefusal(who: string, request: string): void {
    expect(errors[who].splice(0).filter((e) => !e.startsWith('Failed to load resource'))).toEqual([request]);
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    const j = await organization('j', '徐汇区人民政府', 'jurisdiction');
    const department = await organization('sf', '徐汇区司法局', 'department', j);
    ids.office = await user('office', j, ['admin']);
    for (const e of ['eva1', 'eva2', 'eva3']) ids[e] = await user(e, j, ['evaluator']);
    ids.leader = await user('leader', department, ['leader']);
    expect((await sys.admin.patch(`/api/organizations/${department}`, { principalLeaderId: ids.leader })).status).toBe(
      200,
    );
    // Stages days ahead; the calendar's 述法 settings are the defaults (书面述法, no panel yet).
    const body = calendarRelativeToNow(j, { firstMs: 2 * DAY, stepMs: DAY });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycleId = `shufa-${body.year}-${p}-sf`;
    await waitUntil(async () => (await sys.admin.get(url())).status === 200, 30_000, 'the 述法 cycle');
    // The leader's report, through the API: the materials review is where the office's work starts.
    expect((await as.leader.post(`${url()}/reports`, { content: shufaReportText('徐汇区司法局局长') })).status).toBe(
      201,
    );
    expect((await as.leader.post(`${url()}/advance`, {})).body.stage).toBe('shufa_materials_review');
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await sys?.stop();
  });

  afterEach(() => {
    // No console errors beyond the refusals a step expects (taken out where they happen).
    for (const [who, list] of Object.entries(errors)) expect([who, list]).toEqual([who, []]);
  });

  it('lets the office set the mode, panel and dimensions, showing a coded error under the field it names', async () => {
    const page = await signIn('office', `/shufa-cycles/${cycleId}?action=review_shufa`);
    await page.getByTestId('current-stage').waitFor();
    expect(await page.getByTestId('current-stage').innerText()).toBe('述法材料审核');
    const card = page.getByTestId('shufa-panel');
    expect(await card.innerText()).toContain('尚未确定评议组成员');
    expect(await page.getByTestId('shufa-mode').innerText()).toBe('书面述法');

    await page.getByTestId('edit-panel').click();
    for (const e of ['eva1', 'eva2', 'eva3']) await page.getByLabel(`选入评议组：${e}`).check();
    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: 'eva2 的评议人类型' }) }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('法律顾问').click();
    await page.locator('#panel').getByText('现场述法').click();
    // A weight of 0: the domain refuses it, naming settings.dimensions[0].weight; shown under that field.
    await page.getByLabel('第 1 个维度权重').fill('0');
    await page.getByRole('button', { name: '保存评议安排' }).click();
    const help = page.locator('#panel_dimensions_0_weight_help');
    await help.waitFor();
    expect(await help.innerText()).toBe('权重应为大于 0、不超过 100 的数');
    await screenshot(page, 'shufa-01-panel-field-error');
    expectRefusal('office', `PUT /api/shufa-cycles/${cycleId}/panel → 400`);
    expect((await view()).panel).toEqual([]);

    await page.getByLabel('第 1 个维度权重').fill('2');
    await page.getByRole('button', { name: '保存评议安排' }).click();
    await page.getByTestId('panel-members').waitFor();
    expect(await page.getByTestId('shufa-mode').innerText()).toBe('现场述法');
    expect(await page.getByTestId('shufa-dimensions').innerText()).toContain('学法用法（权重 2，占 40%）');
    const members = await page.getByTestId('panel-members').innerText();
    expect(members).toMatch(/eva2[^]*法律顾问/);
    expect(members).toContain('未评分');
    expect(await page.getByTestId('shufa-progress').innerText()).toContain('已评分 0 / 3 人');
    const state = await view();
    expect(state).toMatchObject({
      mode: 'on_site',
      panel: [
        { userId: ids.eva1, type: 'npc_deputy' },
        { userId: ids.eva2, type: 'legal_adviser' },
        { userId: ids.eva3, type: 'npc_deputy' },
      ],
      dimensions: DIMENSIONS.map((name, i) => ({ name, weight: i === 0 ? 2 : 1 })),
    });
    await screenshot(page, 'shufa-02-panel-set');
  });

  it('records the 现场述法 meeting and accepts the materials', async () => {
    const page = pages.office;
    await page.getByRole('button', { name: '记录述法会议' }).click();
    await page.getByLabel('会议日期').fill('2026-11-20');
    await page.getByLabel('会议日期').press('Tab');
    await page.getByLabel('会议地点').fill('区政府第三会议室');
    await page.getByRole('textbox', { name: '第 1 条点评意见' }).fill('述法内容全面，问题查摆较深入。');
    await page.getByRole('button', { name: '添加质询' }).click();
    await page.getByLabel('质询人（质询 1）').fill('区人大代表 李某');
    await page.getByLabel('质询问题（质询 1）').fill('行政复议纠错率偏高的原因是什么？');
    await page.getByLabel('回答（质询 1）').fill('基层执法程序不规范，已开展专项整治。');
    await page.getByRole('button', { name: '保存会议记录' }).click();
    const record = page.getByTestId('meeting-record');
    await record.waitFor();
    const text = await record.innerText();
    expect(text).toContain('区政府第三会议室');
    expect(text).toContain('区人大代表 李某 问：行政复议纠错率偏高的原因是什么？');
    expect((await view()).meeting).toMatchObject({
      date: '2026-11-20',
      place: '区政府第三会议室',
      comments: ['述法内容全面，问题查摆较深入。'],
      questions: [
        {
          by: '区人大代表 李某',
          question: '行政复议纠错率偏高的原因是什么？',
          answer: '基层执法程序不规范，已开展专项整治。',
        },
      ],
    });
    await screenshot(page, 'shufa-03-meeting');

    await page.getByRole('button', { name: /办结「述法材料审核」/ }).click();
    await waitUntil(async () => (await view()).stage === 'shufa_evaluation', 20_000, 'the evaluation');
    await page.getByText('当前待办：结束述法评议').waitFor();
  });

  it('lets an evaluator score with his own login and shows him his own marks only', async () => {
    // Another member has scored already (through the API): his marks must not reach eva1's screen.
    const other = { 学法用法: 63, 依法决策: 67, 推进法治建设: 71, 述法质量: 73 };
    expect((await as.eva2.post(`${url()}/evaluations`, { scores: other, comment: '保密意见乙' })).status).toBe(201);

    const page = await signIn('eva1', '/tasks');
    await page.getByTestId('task').getByRole('link').click();
    await page.getByRole('button', { name: '提交评分' }).waitFor();
    expect(page.url()).toContain(`/shufa-cycles/${cycleId}?action=evaluate`);
    expect(await page.getByTestId('shufa-progress').innerText()).toContain('已评分 1 / 3 人');
    const mine = [91, 88, 86, 84];
    for (const [i, name] of DIMENSIONS.entries()) {
      await page.getByLabel(new RegExp(`^${name}（权重`)).fill(String(mine[i]));
    }
    expect(await page.getByLabel(/^学法用法（权重/).count()).toBe(1);
    expect(await page.locator('form#evaluation').innerText()).toContain('学法用法（权重 2，占 40%）');
    await page.getByLabel('评议意见').fill('述法报告全面，建议加强执法监督。');
    await screenshot(page, 'shufa-04-evaluator-form');
    await page.getByRole('button', { name: '提交评分' }).click();

    const own = page.getByTestId('own-marks');
    await own.waitFor();
    const ownText = await own.innerText();
    expect(ownText).toContain('91 分');
    expect(ownText).toContain('述法报告全面，建议加强执法监督。');
    await page.getByText('您在当前阶段没有需要办理的事项').waitFor();
    expect(await page.getByTestId('shufa-progress').innerText()).toContain('已评分 2 / 3 人');
    // Nowhere on his screen: the other member's marks or comment.
    const screen = await page.locator('body').innerText();
    for (const mark of Object.values(other)) expect(screen).not.toContain(`${mark} 分`);
    expect(screen).not.toContain('保密意见乙');
    expect(await page.getByTestId('shufa-result').count()).toBe(0);
    // The API holds his marks, and shows him his own only.
    const his = (await as.eva1.get(`${url()}/evaluations`)).body;
    expect(his).toMatchObject({ closed: false, scored: 2, of: 3, result: null });
    expect(his.own).toMatchObject({
      marks: { scores: Object.fromEntries(DIMENSIONS.map((d, i) => [d, mine[i]])) },
      comment: '述法报告全面，建议加强执法监督。',
    });
    expect(JSON.stringify(his)).not.toContain('保密意见乙');
    expect((await view()).result).toBeNull();
    await screenshot(page, 'shufa-05-evaluator-own-marks');
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'shufa-05-evaluator-own-marks-phone');
  });

  it('closes the evaluation early (the result shown), issues an item; the leader reports it done', async () => {
    const office = pages.office;
    await office.goto(`${sys.api.url}/shufa-cycles/${cycleId}?action=close_evaluation`);
    await office.getByRole('button', { name: '结束评议' }).click();
    await office.locator('.ant-popover').getByRole('button', { name: '结束评议' }).click();
    const result = office.getByTestId('shufa-result');
    await result.waitFor();
    // eva1: (91×2+88+86+84)/5 = 88; eva2: (63×2+67+71+73)/5 = 67.4; mean 77.7 → 一般; eva3 missing.
    expect(await result.innerText()).toContain('77.7 分，一般');
    expect(await office.getByTestId('panel-members').innerText()).toContain('未评分（缺评）');
    expect(await view()).toMatchObject({ stage: 'shufa_rectification', grade: '一般' });
    await screenshot(office, 'shufa-06-result');

    await office.goto(`${sys.api.url}/shufa-cycles/${cycleId}?action=rectify`);
    await office.getByLabel('问题描述').fill('重大行政决策合法性审查记录不完整');
    const due = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    await office.getByLabel('整改期限').fill(due);
    await office.getByLabel('整改期限').press('Tab');
    await office.getByRole('button', { name: '下发整改问题' }).click();
    const listed = office.getByTestId('rectification-item');
    await listed.waitFor();
    expect(await listed.innerText()).toContain('整改中');
    const [item] = (await view()).rectificationItems;
    expect(item).toMatchObject({ description: '重大行政决策合法性审查记录不完整', status: 'open' });
    // A date is the end of that day, Beijing time.
    expect(item.dueAt).toBe(new Date(`${due}T23:59:59+08:00`).toISOString());
    await screenshot(office, 'shufa-07-item-issued');

    const leader = await signIn('leader', '/tasks', 375);
    await leader.getByTestId('task').filter({ hasText: '完成问题整改' }).getByRole('link').click();
    await leader.getByRole('button', { name: '报告整改完成' }).waitFor();
    expect(leader.url()).toContain(`/shufa-cycles/${cycleId}?action=rectify&itemId=${item.id}`);
    expect(await leader.getByTestId('rectify-item').innerText()).toBe('重大行政决策合法性审查记录不完整');
    await leader.getByLabel('整改情况').fill('已补齐近三年重大决策的合法性审查记录，并建立台账。');
    await leader.getByLabel('佐证材料（选填）').fill('《重大行政决策合法性审查台账》');
    await leader.getByRole('button', { name: '报告整改完成' }).click();
    await leader.getByTestId('item-status').filter({ hasText: '已报告完成，待核验' }).first().waitFor();
    const done = (await view()).rectificationItems[0];
    expect(done.status).toBe('done');
    expect(done.history.at(-1)).toMatchObject({
      action: 'done',
      comment: '已补齐近三年重大决策的合法性审查记录，并建立台账。',
      evidence: '《重大行政决策合法性审查台账》',
    });
    await screenshot(leader, 'shufa-08-leader-done-phone');
  });

  it('lets the office reopen the item with a reason, then verify it (销号), completing the cycle', async () => {
    const office = pages.office;
    await office.reload();
    const pending = office.getByTestId('pending-item');
    await pending.waitFor();
    await pending.getByRole('button', { name: '退回重改' }).click();
    await pending.getByLabel('退回理由').fill('台账未覆盖2025年的决策事项');
    await pending.locator('form').getByRole('button', { name: '退回重改' }).click();
    await office.getByText('暂无待核验的事项').waitFor();
    const reopened = (await view()).rectificationItems[0];
    expect(reopened.status).toBe('open');
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopened', comment: '台账未覆盖2025年的决策事项' });
    expect(await office.getByTestId('rectification-list').innerText()).toContain('理由：台账未覆盖2025年的决策事项');

    expect(
      (await as.leader.post(`${url()}/rectification-items/${reopened.id}/done`, { comment: '已补充' })).status,
    ).toBe(200);
    await office.reload();
    await office.getByTestId('pending-item').getByRole('button', { name: '核验通过（销号）' }).click();
    await office.getByTestId('item-status').filter({ hasText: '已销号' }).waitFor();
    // The last item verified completes the cycle.
    const closed = await view();
    expect(closed.rectificationItems[0].status).toBe('verified');
    expect(closed.stage).toBe('completed');
    await office.getByTestId('current-stage').filter({ hasText: '已完成' }).waitFor();
    await screenshot(office, 'shufa-09-item-verified');
  });
});
