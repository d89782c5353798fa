import { readFileSync } from 'fs';
import { join } from 'path';
import { reportFixturesDir } from '../../../../test/helpers/fixtures';
import { escapeHtml, markup } from './markup';
import {
  PublicReportPage,
  PublicReportSummary,
  renderErrorPage,
  renderReport,
  renderReportIndex,
  ReportIndexPage,
} from './public-pages.render';

const HOSTILE = `<script>alert("x")</script>' & "`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &quot;';

const summary = (overrides: Partial<PublicReportSummary> = {}): PublicReportSummary => ({
  id: 'report-2025-yj',
  organizationName: '青浦区应急管理局',
  year: 2025,
  indexNumber: '11310118MB2F40432X/2026-00001',
  title: '青浦区应急管理局关于2025年度法治政府建设情况报告',
  issuer: '上海市青浦区应急管理局',
  documentNumber: null,
  signedDate: '2026-02-09',
  publishedDate: '2026-02-20',
  topic: '综合政务/法治政府',
  openness: '主动公开',
  validity: '有效',
  summary: '总结。',
  ...overrides,
});

const report = (overrides: Partial<PublicReportPage> = {}): PublicReportPage => ({
  ...summary(),
  content: '一、主要举措和成效\n（一）加强组织领导\n1.学习。\n\n二、存在的不足和原因\n不足。',
  ...overrides,
});

const index = (overrides: Partial<ReportIndexPage> = {}): ReportIndexPage => ({
  items: [summary()],
  total: 1,
  filter: {},
  page: 1,
  pageSize: 20,
  options: { years: [2025], organizations: [{ id: 'org-1', name: '青浦区应急管理局' }] },
  ...overrides,
});

/** The rows of the metadata table as [label, value] pairs, in order. */
function metadata(page: string): [string, string][] {
  const table = /<table class="meta">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
  return [...table.matchAll(/<th scope="row">(.*?)<\/th><td>(.*?)<\/td>/g)].map((m) => [m[1], m[2]]);
}

describe('markup', () => {
  it('escapes every interpolated value, also inside arrays, and keeps nested html as markup', () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
    const inner = markup`<b>${HOSTILE}</b>`;
    expect(markup`<p title="${HOSTILE}">${[inner, HOSTILE, 3, null, undefined]}</p>`.value).toBe(
      `<p title="${ESCAPED}"><b>${ESCAPED}</b>${ESCAPED}3</p>`,
    );
  });
});

describe('the report page', () => {
  it('is a Chinese HTML document with a title and a viewport', () => {
    const page = renderReport(report());
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>青浦区应急管理局关于2025年度法治政府建设情况报告 - 法治政府建设年度报告</title>');
    expect(page).not.toContain('<script');
  });

  it('shows the disclosure metadata above the title and text, in the order government sites use', () => {
    const page = renderReport(report());
    expect(metadata(page)).toEqual([
      ['索引号', '11310118MB2F40432X/2026-00001'],
      ['主题分类', '综合政务/法治政府'],
      ['发文机关', '上海市青浦区应急管理局'],
      ['成文日期', '2026-02-09'],
      ['发布日期', '2026-02-20'],
      ['文号', '无'],
      ['有效性', '有效'],
      ['公开方式', '主动公开'],
    ]);
    expect(page.indexOf('<table class="meta">')).toBeLessThan(page.indexOf('<h1>青浦区应急管理局关于'));
    expect(metadata(renderReport(report({ documentNumber: '青应急〔2026〕3号' })))[5]).toEqual([
      '文号',
      '青应急〔2026〕3号',
    ]);
  });

  it('renders parts as headings and every other line as a paragraph', () => {
    const page = renderReport(report());
    const article = /<article>([\s\S]*)<\/article>/.exec(page)![1];
    expect(article.split('\n').filter(Boolean)).toEqual([
      '<h1>青浦区应急管理局关于2025年度法治政府建设情况报告</h1>',
      '<h2>一、主要举措和成效</h2>',
      '<h3>（一）加强组织领导</h3>',
      '<p>1.学习。</p>',
      '<h2>二、存在的不足和原因</h2>',
      '<p>不足。</p>',
    ]);
  });

  it('puts a paragraph written on a heading’s line after the heading', () => {
    const page = renderReport(report({ content: '（一）加强组织领导。成立领导小组。' }));
    expect(page).toContain('<h3>（一）加强组织领导。</h3>\n<p>成立领导小组。</p>');
  });

  it('shows a real report with its four parts and its (一) parts as headings', () => {
    const content = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
    const page = renderReport(report({ content }));
    const h2 = [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1].slice(0, 2));
    expect(h2).toEqual(['一、', '二、', '三、', '四、']);
    expect([...page.matchAll(/<h3>/g)].length).toBe(content.split('\n').filter((l) => l.startsWith('(')).length);
    expect(page).toContain('<p>1.深入学习贯彻习近平法治思想。');
  });

  it('escapes <script> and quotes in the text and in every metadata field', () => {
    const page = renderReport(
      report({
        title: HOSTILE,
        indexNumber: HOSTILE,
        topic: HOSTILE,
        issuer: HOSTILE,
        documentNumber: HOSTILE,
        validity: HOSTILE,
        content: `一、${HOSTILE}\n（一）${HOSTILE}\n${HOSTILE}`,
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain('"x"');
    expect(page).toContain(`<title>${ESCAPED} - 法治政府建设年度报告</title>`);
    expect(page).toContain(`<h1>${ESCAPED}</h1>`);
    expect(page).toContain(`<h2>一、${ESCAPED}</h2>`);
    expect(page).toContain(`<p>${ESCAPED}</p>`);
    expect(
      metadata(page)
        .filter(([, value]) => value === ESCAPED)
        .map(([label]) => label),
    ).toEqual(['索引号', '主题分类', '发文机关', '文号', '有效性']);
  });
});

describe('the index page', () => {
  it('lists each report with its link, organisation, year, date and 索引号', () => {
    const page = renderReportIndex(index());
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<title>法治政府建设年度报告</title>');
    expect(page).toContain(
      '<a href="/public/reports/report-2025-yj">青浦区应急管理局关于2025年度法治政府建设情况报告</a>',
    );
    expect(page).toContain(
      '<span>青浦区应急管理局</span><span>2025年度</span><span>发布日期：2026-02-20</span><span>索引号：11310118MB2F40432X/2026-00001</span>',
    );
    expect(page).toContain('共 1 篇');
    expect(page).not.toContain('class="pager"');
  });

  it('has a GET filter form for year and organisation that shows the current filter', () => {
    const page = renderReportIndex(
      index({
        filter: { year: 2025, organizationId: 'org-2' },
        options: {
          years: [2025, 2024],
          organizations: [
            { id: 'org-1', name: '青浦区应急管理局' },
            { id: 'org-2', name: '区民政局' },
          ],
        },
      }),
    );
    expect(page).toContain('<form class="filter" method="get" action="/public/reports">');
    expect(page).toContain(
      '<select name="year"><option value="">全部年度</option><option value="2025" selected>2025年度</option><option value="2024">2024年度</option></select>',
    );
    expect(page).toContain(
      '<select name="organizationId"><option value="">全部单位</option><option value="org-1">青浦区应急管理局</option><option value="org-2" selected>区民政局</option></select>',
    );
    const unfiltered = renderReportIndex(index());
    expect(unfiltered).toContain('<option value="" selected>全部年度</option>');
    expect(unfiltered).toContain('<option value="" selected>全部单位</option>');
  });

  it('keeps a filter that matches nothing selected in the form', () => {
    const page = renderReportIndex(index({ items: [], total: 0, filter: { year: 1999, organizationId: 'org-9' } }));
    expect(page).toContain('<option value="1999" selected>1999年度</option>');
    expect(page).toContain('<option value="org-9" selected>');
    expect(page).toContain('暂无符合条件的公开报告');
  });

  it('pages with the filter kept in the links', () => {
    const page = renderReportIndex(index({ total: 45, page: 2, filter: { year: 2025, organizationId: 'org-1' } }));
    expect(page).toContain('<a href="/public/reports?year=2025&amp;organizationId=org-1">上一页</a>');
    expect(page).toContain('<span>第 2 / 3 页</span>');
    expect(page).toContain('<a href="/public/reports?year=2025&amp;organizationId=org-1&amp;page=3">下一页</a>');
    const last = renderReportIndex(index({ total: 45, page: 3 }));
    expect(last).toContain('<a href="/public/reports?page=2">上一页</a>');
    expect(last).not.toContain('下一页');
    // Past the end: back to the last page.
    expect(renderReportIndex(index({ items: [], total: 45, page: 9 }))).toContain(
      '<a href="/public/reports?page=3">上一页</a>',
    );
  });

  it('encodes the id in links', () => {
    const page = renderReportIndex(index({ items: [summary({ id: 'a"b<c>/d?e' })] }));
    expect(page).toContain('<a href="/public/reports/a%22b%3Cc%3E%2Fd%3Fe">');
  });

  it('escapes organisation names in the list and the form', () => {
    const page = renderReportIndex(
      index({
        items: [summary({ organizationName: HOSTILE })],
        options: { years: [2025], organizations: [{ id: '"x', name: HOSTILE }] },
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).toContain(`<span>${ESCAPED}</span>`);
    expect(page).toContain(`<option value="&quot;x">${ESCAPED}</option>`);
  });
});

describe('the error page', () => {
  it('says what went wrong in Chinese, escaped, and links back to the list', () => {
    const page = renderErrorPage(404, `未找到：${HOSTILE}`);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<title>未找到该报告 - 法治政府建设年度报告</title>');
    expect(page).toContain(`<p>未找到：${ESCAPED}</p>`);
    expect(page).toContain('<a href="/public/reports">返回报告列表</a>');
    expect(renderErrorPage(400, 'x')).toContain('<h1>请求有误</h1>');
    expect(renderErrorPage(500, 'x')).toContain('<h1>出错了</h1>');
  });
});
