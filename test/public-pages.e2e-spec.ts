import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckChar, shanghaiDate } from '@rol/domain';
import { reportFixturesDir } from './helpers/fixtures';
import { Http } from './helpers/http';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';

const HOUR = 3_600_000;
const qingpu = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
const HOSTILE = '<script>alert("x")</script>';

/** The rows of a page's metadata table as [label, value] pairs, in order. */
function metadata(page: string): [string, string][] {
  const table = /<table class="meta">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
  return [...table.matchAll(/<th scope="row">(.*?)<\/th><td>(.*?)<\/td>/g)].map((m) => [m[1], m[2]]);
}

/** The report links of the index page, in order. */
const links = (page: string) => [...page.matchAll(/<a href="\/public\/reports\/([^"]+)">/g)].map((m) => m[1]);

describe('the public disclosure pages', () => {
  let sys: TestSystem;
  const p = `pp${randomBytes(3).toString('hex')}`;
  const { as, user } = testPeople(() => sys, p);
  const year = new Date().getFullYear();
  const lastYear = year - 1;
  const departments: Record<'a' | 'b', string> = { a: '', b: '' };
  const cycle = (d: 'a' | 'b', y: number) => `report-${y}-${p}-${d}`;
  /** Published 主动公开 (last year's of A, this year's of B), published 依申请公开, never published. */
  const publicA = () => cycle('a', lastYear);
  const publicB = () => cycle('b', year);
  const onRequest = () => cycle('a', year);
  const unpublished = () => cycle('b', lastYear);
  const DRAFT_MARK = `未公开草稿-${p}`;
  const ON_REQUEST_MARK = `依申请公开正文-${p}`;

  const page = async (path: string) => {
    const response = await fetch(`${sys.api.url}${path}`);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  /** One department's report of one year, through every stage to publication, by its all-roles user. */
  async function publish(http: Http, cycleId: string, content: string, disclosure: Record<string, unknown>) {
    expect((await http.post(`/api/report-cycles/${cycleId}/drafts`, { content })).status).toBe(201);
    const today = shanghaiDate(new Date());
    for (const step of [
      { stage: 'drafting' },
      { stage: 'legality_review', comment: '经审查，未发现合法性问题' },
      { stage: 'sign_off', meeting: { type: '局长办公会', date: today } },
      { stage: 'submission', recipients: ['中共青浦区委', '青浦区人民政府'] },
      {
        stage: 'publication',
        disclosure: {
          issuer: '上海市青浦区人民政府',
          signedDate: today,
          topic: '综合政务/法治政府',
          validity: '有效',
          summary: '年度法治政府建设情况。',
          ...disclosure,
        },
      },
    ]) {
      const advanced = await http.post(`/api/report-cycles/${cycleId}/advance`, step);
      expect({ step: step.stage, status: advanced.status, body: advanced.body }).toMatchObject({
        step: step.stage,
        status: 200,
      });
    }
    expect((await http.get(`/api/report-cycles/${cycleId}`)).body.stage).toBe('completed');
  }

  beforeAll(async () => {
    sys = await startTestSystem();
    const j = await sys.admin.post('/api/organizations', {
      code: `${p}-j`,
      name: '青浦区人民政府',
      kind: 'jurisdiction',
    });
    expect(j.status).toBe(201);
    for (const [d, name, serial] of [
      ['a', '青浦区应急管理局', '1'],
      ['b', '青浦区民政局', '2'],
    ] as const) {
      const first17 = `11310118MB2F4043${serial}`;
      const created = await sys.admin.post('/api/organizations', {
        code: `${p}-${d}`,
        name,
        kind: 'department',
        parentId: j.body.id,
        creditCode: first17 + creditCodeCheckChar(first17),
      });
      expect(created.status).toBe(201);
      departments[d] = created.body.id;
      // One person holding every role of the report walk, its principal leader too.
      const staff = await user(d, created.body.id, ['officer', 'reviewer', 'leader', 'publisher']);
      expect(
        (await sys.admin.patch(`/api/organizations/${created.body.id}`, { principalLeaderId: staff })).status,
      ).toBe(200);
    }
    // No divisions, so each cycle opens at drafting; no deadline comes near during the test.
    for (const y of [lastYear, year]) {
      const calendar = await sys.admin.post('/api/calendars', {
        ...calendarRelativeToNow(j.body.id, { firstMs: 24 * HOUR, stepMs: 24 * HOUR, reminders: ['PT1H'] }),
        year: y,
      });
      expect(calendar.status).toBe(201);
      expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    }
    for (const id of [publicA(), publicB(), onRequest(), unpublished()]) {
      await waitUntil(
        async () => (await sys.admin.get(`/api/report-cycles/${id}`)).body?.stage === 'drafting',
        30_000,
        `${id} to open drafting`,
      );
    }
    await publish(as.a, publicA(), qingpu, {
      title: '青浦区应急管理局关于2025年度法治政府建设情况报告',
      openness: '主动公开',
      documentNumber: '青应急〔2026〕3号',
    });
    await publish(as.b, publicB(), `一、主要举措和成效\n${HOSTILE}"引号"\n${qingpu.split('\n').slice(7).join('\n')}`, {
      title: `青浦区民政局法治政府建设情况报告${HOSTILE}`,
      openness: '主动公开',
    });
    await publish(as.a, onRequest(), `${qingpu}\n${ON_REQUEST_MARK}`, {
      title: '依申请公开的报告',
      openness: '依申请公开',
      opennessReason: '涉及内部事项',
    });
    expect(
      (await as.b.post(`/api/report-cycles/${unpublished()}/drafts`, { content: `${qingpu}\n${DRAFT_MARK}` })).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('lists the published 主动公开 reports, without a login, as a Chinese HTML page', async () => {
    const index = await page('/public/reports');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.text).toContain('<html lang="zh-CN">');
    expect(index.text).toContain('<title>法治政府建设年度报告</title>');
    // Inline styles and no script: the one CSP of the process allows that page as it is.
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
    expect(index.text).not.toContain('<script');
    expect(links(index.text).sort()).toEqual([publicA(), publicB()].sort());
    expect(index.text).toContain('共 2 篇');
    const json = (await sys.http.get(`/api/public/reports/${publicA()}`)).body;
    expect(index.text).toContain(
      `<span>青浦区应急管理局</span><span>${lastYear}年度</span><span>发布日期：${json.publishedDate}</span><span>索引号：${json.indexNumber}</span>`,
    );
    expect(index.text).not.toContain('依申请公开的报告');
  });

  it('narrows the list by year and organisation with its GET form', async () => {
    const index = await page('/public/reports');
    expect(index.text).toContain('<form class="filter" method="get" action="/public/reports">');
    expect(index.text).toContain(`<option value="${year}">${year}年度</option>`);
    expect(index.text).toContain(`<option value="${lastYear}">${lastYear}年度</option>`);
    expect(index.text).toContain(`<option value="${departments.a}">青浦区应急管理局</option>`);
    expect(index.text).toContain(`<option value="${departments.b}">青浦区民政局</option>`);

    expect(links((await page(`/public/reports?year=${lastYear}`)).text)).toEqual([publicA()]);
    expect(links((await page(`/public/reports?year=${year}`)).text)).toEqual([publicB()]);
    const byOrganization = await page(`/public/reports?organizationId=${departments.a}`);
    expect(links(byOrganization.text)).toEqual([publicA()]);
    expect(byOrganization.text).toContain(`<option value="${departments.a}" selected>青浦区应急管理局</option>`);
    const nothing = await page(`/public/reports?organizationId=${departments.b}&year=${lastYear}`);
    expect(nothing.status).toBe(200);
    expect(links(nothing.text)).toEqual([]);
    expect(nothing.text).toContain('暂无符合条件的公开报告');
    // A shared link keeps working with what a messenger adds to it.
    expect(links((await page(`/public/reports?year=${lastYear}&from=singlemessage&isappinstalled=0`)).text)).toEqual([
      publicA(),
    ]);
    // The form's "all" choices arrive empty: no filter.
    expect(links((await page('/public/reports?year=&organizationId=')).text).sort()).toEqual(
      [publicA(), publicB()].sort(),
    );
    const second = await page('/public/reports?page=2');
    expect(links(second.text)).toEqual([]);
    expect(second.text).toContain('<a href="/public/reports">上一页</a>');
  });

  it('refuses a bad filter with a 400 page naming it', async () => {
    for (const [query, field] of [
      ['year=abc', 'year'],
      ['organizationId=x', 'organizationId'],
      ['page=0', 'page'],
      ['year=99999', 'year'],
      [`year=${year}&year=${lastYear}`, 'year'],
      ['year=%00', 'year'],
    ]) {
      const bad = await page(`/public/reports?${query}`);
      expect({ query, status: bad.status, type: bad.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: 'text/html; charset=utf-8',
      });
      expect(bad.text).toContain('<h1>请求有误</h1>');
      expect(bad.text).toContain(field);
    }
  });

  it('refuses an id that is not text with a 400 page', async () => {
    for (const id of ['%00', 'a%E0%A4%A', '%C0%AF']) {
      const bad = await page(`/public/reports/${id}`);
      expect({ id, status: bad.status, type: bad.headers.get('content-type') }).toEqual({
        id,
        status: 400,
        type: 'text/html; charset=utf-8',
      });
      expect(bad.text).toContain('<h1>请求有误</h1>');
    }
  });

  it('shows a report with the metadata table above its title and its text with headings', async () => {
    const json = (await sys.http.get(`/api/public/reports/${publicA()}`)).body;
    const report = await page(`/public/reports/${publicA()}`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(report.text).toContain('<html lang="zh-CN">');
    expect(report.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(report.text).toContain(
      '<title>青浦区应急管理局关于2025年度法治政府建设情况报告 - 法治政府建设年度报告</title>',
    );
    expect(metadata(report.text)).toEqual([
      ['索引号', json.indexNumber],
      ['主题分类', '综合政务/法治政府'],
      ['发文机关', '上海市青浦区人民政府'],
      ['成文日期', json.signedDate],
      ['发布日期', json.publishedDate],
      ['文号', '青应急〔2026〕3号'],
      ['有效性', '有效'],
      ['公开方式', '主动公开'],
    ]);
    expect(json.indexNumber).toMatch(/^11310118MB2F40431.\/\d{4}-\d{5}$/);
    expect(report.text.indexOf('<table class="meta">')).toBeLessThan(
      report.text.indexOf('<h1>青浦区应急管理局关于2025年度法治政府建设情况报告</h1>'),
    );
    const parts = [...report.text.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(parts).toEqual(qingpu.split('\n').filter((l) => /^[一二三四]、/.test(l)));
    expect(report.text).toContain('<h3>(一)学习贯彻习近平法治思想,提高运用法治思维和法治方式的能力</h3>');
    expect(report.text).toContain(`<p>${qingpu.split('\n').find((l) => l.startsWith('1.'))}</p>`);
  });

  it('escapes what a report and its metadata hold', async () => {
    const report = await page(`/public/reports/${publicB()}`);
    expect(report.status).toBe(200);
    expect(report.text).not.toContain('<script');
    expect(report.text).toContain(
      '<h1>青浦区民政局法治政府建设情况报告&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>',
    );
    expect(report.text).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;引号&quot;</p>');
    expect((await page('/public/reports')).text).not.toContain('<script');
  });

  it('answers any other id with a 404 page that shows nothing of it', async () => {
    for (const [id, mark] of [
      [onRequest(), ON_REQUEST_MARK],
      [unpublished(), DRAFT_MARK],
      [`report-${year}-${p}-nobody`, p],
      ['<script>', '<script>'],
    ]) {
      const missing = await page(`/public/reports/${encodeURIComponent(id)}`);
      expect({ id, status: missing.status, type: missing.headers.get('content-type') }).toEqual({
        id,
        status: 404,
        type: 'text/html; charset=utf-8',
      });
      expect(missing.text).toContain('<html lang="zh-CN">');
      expect(missing.text).toContain('<h1>未找到该报告</h1>');
      expect(missing.text).not.toContain(mark);
      expect(missing.text).not.toContain('第一责任人');
    }
  });

  it('answers a path below the pages that is no page with the 404 page too', async () => {
    const below = await page(`/public/reports/${publicA()}/draft`);
    expect(below.status).toBe(404);
    expect(below.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(below.text).toContain('<h1>未找到该报告</h1>');
  });

  it('leaves the JSON API, its document and its other routes where they were', async () => {
    const list = await sys.http.get('/api/public/reports');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.body.items.map((r: any) => r.id).sort()).toEqual([publicA(), publicB()].sort());
    expect((await sys.http.get(`/api/public/reports?year=${lastYear}`)).body.items.map((r: any) => r.id)).toEqual([
      publicA(),
    ]);
    const one = await sys.http.get(`/api/public/reports/${publicA()}`);
    expect(one.status).toBe(200);
    expect(one.body.content).toBe(qingpu);
    const hidden = await sys.http.get(`/api/public/reports/${unpublished()}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    expect((await sys.http.get('/api/health')).status).toBe(200);
    // Outside /api an API request finds nothing (a browser's page request gets the console).
    const health = await sys.http.request('GET', '/health', { headers: { accept: 'application/json' } });
    expect(health.status).toBe(404);
    expect((await sys.http.get('/api/api/public/reports')).status).toBe(404);

    const doc = await sys.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/public/reports', '/api/public/reports/{id}', '/api/health']));
    // Outside /api only the calendar feed (documented: a calendar client fetches it); the pages are not in it.
    expect(paths.filter((path) => !path.startsWith('/api/'))).toEqual(['/feeds/{token}.ics']);
  });
});
