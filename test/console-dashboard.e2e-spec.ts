import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { shanghaiDate } from '@rol/domain';
import { collectErrors, describeInBrowser, ensureConsoleBuilt, launchBrowser, screenshot } from './helpers/browser';
import { reportFixturesDir } from './helpers/fixtures';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';

const S = 1000;
const MIN = 60 * S;
const D = 24 * 60 * MIN;
const qingpu = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
const LIGHT_TEXT: Record<string, string> = { red: '红灯', yellow: '黄灯', blue: '蓝灯', none: '无灯' };

/**
 * 督办看板 in Chromium: three departments in three lights (one overdue, one sent back, one due within
 * the hour), as the table, the filters, the chart summaries and the export show them to an admin.
 */
describeInBrowser('the oversight dashboard in the console', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let year: number;
  const p = `v${randomBytes(3).toString('hex')}`;
  const { as, email, user, organization } = testPeople(() => sys, p);
  const org: Record<string, string> = {};
  const NAMES: Record<string, string> = { d1: '青浦区司法局', d2: '青浦区应急管理局', d3: '青浦区市场监督管理局' };
  const EXPECTED: Record<string, string> = { d1: 'red', d2: 'yellow', d3: 'blue' };
  const reportId = (code: string) => `report-${year}-${p}-${code}`;
  const dashboard = async () =>
    (await as.office.get(`/api/dashboard?year=${year}&jurisdictionId=${org.j}`)).body as DashboardBody;
  const row = (code: string) => page.locator(`tr[data-code="${p}-${code}"]`);
  const shownCodes = () =>
    page.locator('tbody tr[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));

  beforeAll(async () => {
    ensureConsoleBuilt();
    sys = await startTestSystem();
    year = Number(shanghaiDate(new Date()).slice(0, 4));
    org.j = await organization('j', '青浦区人民政府', 'jurisdiction');
    for (const code of ['d1', 'd2', 'd3']) org[code] = await organization(code, NAMES[code], 'department', org.j);
    await user('office', org.j, ['admin']);
    for (const code of ['d2', 'd3']) await user(`officer_${code}`, org[code], ['officer']);
    await user('reviewer_d2', org.d2, ['reviewer']);
    // d1 has a principal leader: its 述法 cycle shows beside its report.
    const leader = await user('leader_d1', org.d1, ['leader']);
    expect((await sys.admin.patch(`/api/organizations/${org.d1}`, { principalLeaderId: leader })).status).toBe(200);

    // Drafting due in 45 s (d1 lets it pass: red); review in 30 min (d3 gets there: blue); 述法 weeks away.
    const start = Date.now();
    const at = (ms: number) => new Date(start + ms).toISOString();
    const calendar = await sys.admin.post('/api/calendars', {
      jurisdictionId: org.j,
      year,
      rollover: 'none',
      due: {
        contributions: at(5 * S),
        drafting: at(45 * S),
        legality_review: at(30 * MIN),
        sign_off: at(60 * MIN),
        submission: at(20 * D),
        publication: at(21 * D),
        shufa_writing: at(20 * D),
        shufa_materials_review: at(21 * D),
        shufa_evaluation: at(22 * D),
        shufa_rectification: at(30 * D),
      },
      reminders: ['PT20S'],
      escalation: { after: 'P1D', every: 'P3D' },
      quietHours: { enabled: false },
    });
    expect(calendar.status).toBe(201);
    const launched = await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, {
      acknowledgeUnknownHolidays: true,
    });
    expect(launched.status).toBe(202);
    await waitUntil(
      async () =>
        (await Promise.all(['d1', 'd2', 'd3'].map((c) => sys.admin.get(`/api/report-cycles/${reportId(c)}`)))).every(
          (r) => r.body?.stage === 'drafting',
        ),
      30_000,
      'the launched cycles at drafting',
    );

    // d2: drafted, then sent back by the legality review (yellow, rework 1).
    expect((await as.officer_d2.post(`/api/report-cycles/${reportId('d2')}/drafts`, { content: qingpu })).status).toBe(
      201,
    );
    expect((await as.officer_d2.post(`/api/report-cycles/${reportId('d2')}/advance`, {})).body.stage).toBe(
      'legality_review',
    );
    const rejected = await as.reviewer_d2.post(`/api/report-cycles/${reportId('d2')}/reject`, {
      reason: '请补充原因分析',
    });
    expect(rejected.body).toMatchObject({ stage: 'drafting', rework: 1 });
    // d3: drafted on time, in the legality review due within the hour (blue).
    expect((await as.officer_d3.post(`/api/report-cycles/${reportId('d3')}/drafts`, { content: qingpu })).status).toBe(
      201,
    );
    expect((await as.officer_d3.post(`/api/report-cycles/${reportId('d3')}/advance`, {})).body.stage).toBe(
      'legality_review',
    );
    expect(Date.now()).toBeLessThan(start + 45 * S); // d2 and d3 acted before drafting was due

    // d1 does nothing: red once the workflow records drafting overdue.
    await waitUntil(
      async () => {
        const body = await dashboard();
        return ['d1', 'd2', 'd3'].every((c) => department(body, c).report?.light === EXPECTED[c]);
      },
      120_000,
      'd1 red, d2 yellow, d3 blue',
    );
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  function department(body: DashboardBody, code: string): DashboardDepartment {
    const found = body.departments.find((d) => d.code === `${p}-${code}`);
    if (!found) throw new Error(`no department ${code} on the dashboard`);
    return found;
  }

  it('shows each department’s light as the API computes it, with stage, overdue time and rework', async () => {
    await page.goto(`${sys.api.url}/`);
    await page.getByLabel('电子邮箱').fill(email('office'));
    await page.getByLabel('密码').fill('office-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('menuitem', { name: '督办看板' }).click();
    await row('d3').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');

    const body = await dashboard();
    const shown: Record<string, string> = {};
    const fromApi: Record<string, string> = {};
    for (const code of ['d1', 'd2', 'd3']) {
      shown[code] = (await row(code).getByTestId('report-light').innerText()).trim();
      fromApi[code] = LIGHT_TEXT[department(body, code).report?.light ?? 'none'];
    }
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([c, l]) => [c, LIGHT_TEXT[l]]));
    expect(shown).toEqual(expected);
    expect(fromApi).toEqual(expected);
    expect(await page.locator('tbody tr[data-code]').count()).toBe(3);

    const d1 = await row('d1').innerText();
    expect(d1).toContain(NAMES.d1);
    expect(d1).toContain('起草');
    expect(d1).toMatch(/逾期 (不足 1 分钟|\d+ 分钟)/);
    expect(d1).toContain('述法报告撰写');
    expect(d1).toContain('未评定');
    const d2 = row('d2').locator('td');
    expect(await d2.nth(5).innerText()).toBe('1'); // 退回次数
    expect(await row('d3').innerText()).toContain('合法性审查');
    // Worst light first by default.
    const order = await shownCodes();
    expect(order).toEqual(['d1', 'd2', 'd3'].map((c) => `${p}-${c}`));
    await screenshot(page, 'dashboard-01-table');
  });

  it('filters by light and by text', async () => {
    await page.getByRole('combobox', { name: '按灯色筛选' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '红灯' }).click();
    await page.getByTestId('shown-count').filter({ hasText: '显示 1 / 3' }).waitFor();
    const codes = await shownCodes();
    expect(codes).toEqual([`${p}-d1`]);
    await screenshot(page, 'dashboard-02-filter-red');
    // Cleared, then the text search alone.
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByTestId('shown-count').filter({ hasText: '显示 3 / 3' }).waitFor();
    await page.getByLabel('搜索部门').fill('应急');
    await page.getByTestId('shown-count').filter({ hasText: '显示 1 / 3' }).waitFor();
    expect(await row('d2').count()).toBe(1);
    await page.getByLabel('搜索部门').fill('');
    await page.getByTestId('shown-count').filter({ hasText: '显示 3 / 3' }).waitFor();
  });

  it('summarises the charts in text: departments by stage and light, on-time rate per stage', async () => {
    expect(await page.getByRole('img', { name: /各阶段部门数（按督办灯色）/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /各阶段按时办结率/ }).count()).toBe(1);
    const summary = page.getByTestId('stage-light-summary');
    const cells = async (stage: string) =>
      (
        await summary
          .locator('tbody tr.ant-table-row')
          .filter({ has: page.getByRole('cell', { name: stage, exact: true }) })
          .locator('td')
          .allInnerTexts()
      ).map((t) => t.trim());
    // Columns: stage, 红灯, 黄灯, 蓝灯, 无灯, 合计.
    expect(await cells('起草')).toEqual(['起草', '1', '1', '0', '0', '2']);
    expect(await cells('合法性审查')).toEqual(['合法性审查', '0', '0', '1', '0', '1']);
    expect(await cells('述法报告撰写')).toEqual(['述法报告撰写', '0', '0', '0', '1', '1']);
    expect(await summary.locator('tbody tr.ant-table-row').count()).toBe(3);

    // The on-time list is the API's totals in words: drafting done once (d3, on time; d2's was reopened).
    const body = await dashboard();
    const drafting = body.totals.report.onTime.find((s) => s.stage === 'drafting');
    expect(drafting).toEqual({ stage: 'drafting', completed: 1, onTime: 1, onTimeRate: 1 });
    const onTime = page.getByTestId('on-time-summary');
    expect(await onTime.locator('li[data-stage="drafting"]').innerText()).toBe('起草：按时 1 / 办结 1（100%）');
    expect(await onTime.locator('li[data-stage="legality_review"]').innerText()).toBe('合法性审查：尚无办结');
    expect(await onTime.locator('li').count()).toBe(body.totals.report.onTime.length + body.totals.shufa.onTime.length);
    await screenshot(page, 'dashboard-03-charts');

    // At phone width the table scrolls sideways instead of squeezing its columns.
    await page.setViewportSize({ width: 375, height: 812 });
    const scrolls = await page
      .locator('[data-testid="dashboard-table"] .ant-table-content')
      .evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(scrolls).toBe(true);
    await screenshot(page, 'dashboard-04-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('downloads the assessment as CSV with every department in it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出考核数据（CSV）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('部门');
    for (const code of ['d1', 'd2', 'd3']) expect(csv).toContain(NAMES[code]);
    await page.getByText(/已导出：/).waitFor();
    await screenshot(page, 'dashboard-05-exported');
  });

  it('links to the public pages in a new tab, and opens a department’s cycle page on a click', async () => {
    const publicLink = page.getByRole('link', { name: /公开报告页面/ });
    expect(await publicLink.getAttribute('href')).toBe('/public/reports');
    expect(await publicLink.getAttribute('target')).toBe('_blank');

    await row('d1').getByTestId('department-link').click();
    await page.getByTestId('current-stage').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/report-cycles/${reportId('d1')}`);
    expect(await page.getByTestId('current-stage').innerText()).toBe('起草');
    await screenshot(page, 'dashboard-06-cycle');

    // A click anywhere on a row does the same.
    await page.goBack();
    await row('d3').locator('td').nth(2).click(); // 报告阶段
    await page.getByTestId('current-stage').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/report-cycles/${reportId('d3')}`);
  });
});

interface DashboardCycle {
  cycleId: string;
  stage: string;
  light: string;
  overdue: boolean;
  rework: number;
}

interface DashboardDepartment {
  code: string;
  name: string;
  report: DashboardCycle | null;
  shufa: DashboardCycle | null;
}

interface DashboardBody {
  departments: DashboardDepartment[];
  totals: {
    report: { onTime: { stage: string; completed: number; onTime: number; onTimeRate: number | null }[] };
    shufa: { onTime: { stage: string }[] };
  };
}
