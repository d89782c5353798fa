import { Disclosure, reportOutline } from '@rol/domain';
import { markup, SafeHtml } from './markup';
import { PUBLIC_PAGES_ROUTE } from './public-routes';

/** Where the pages live (outside /api, see public-routes.ts). */
export const PUBLIC_PAGES_PATH = `/${PUBLIC_PAGES_ROUTE}`;
const SITE = '法治政府建设年度报告';

/** A published report as the public service lists it. */
export interface PublicReportSummary extends Disclosure {
  id: string;
  organizationName: string | null;
  year: number;
}

export interface PublicReportPage extends PublicReportSummary {
  /** The text that was published; null only if its draft could not be found. */
  content: string | null;
}

export interface ReportListFilter {
  year?: number;
  organizationId?: string;
}

export interface ReportIndexPage {
  items: PublicReportSummary[];
  total: number;
  filter: ReportListFilter;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** The years and organisations that have public reports, for the filter form. */
  options: { years: number[]; organizations: { id: string; name: string }[] };
}

// Inline styles only: the CSP allows them ('unsafe-inline' in style-src) and the pages need no script.
const STYLE = new SafeHtml(`
*{box-sizing:border-box}
body{margin:0;background:#f4f4f4;color:#222;line-height:1.75;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
header{background:#a61b1b;padding:.6rem 1rem}
header a{color:#fff;text-decoration:none;font-weight:600;font-size:1.1rem}
main{max-width:960px;margin:0 auto;padding:1rem;background:#fff;min-height:60vh}
a{color:#0b4f9c}
h1{font-size:1.45rem;line-height:1.5;text-align:center;margin:1.2rem 0}
article h2{font-size:1.2rem;margin:1.6rem 0 .6rem}
article h3{font-size:1.05rem;margin:1.1rem 0 .4rem}
article p{text-indent:2em;margin:.45rem 0}
table.meta{width:100%;border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;background:#fafafa}
table.meta th,table.meta td{border:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top;word-break:break-all}
table.meta th{width:6.5em;background:#eef1f5;font-weight:600;white-space:nowrap}
form.filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.75rem;background:#f7f7f7;border:1px solid #e3e3e3}
form.filter select,form.filter button{font:inherit;padding:.3rem .5rem;max-width:100%}
ul.reports{list-style:none;padding:0;margin:0}
ul.reports li{padding:.75rem 0;border-bottom:1px solid #eee}
ul.reports a{font-size:1.05rem}
.info{display:flex;flex-wrap:wrap;gap:.1rem 1rem;color:#666;font-size:.85rem;word-break:break-all}
nav.pager{display:flex;gap:1rem;justify-content:center;margin:1rem 0}
.muted{color:#666}
@media (max-width:640px){
main{padding:.75rem}
h1{font-size:1.2rem}
table.meta tr{display:flex;flex-wrap:wrap}
table.meta th{flex:0 0 6.5em}
table.meta td{flex:1 1 calc(100% - 6.5em)}
}
`);

function layout(title: string, body: SafeHtml): string {
  return markup`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="${PUBLIC_PAGES_PATH}">${SITE}</a></header>
<main>
${body}
</main>
</body>
</html>
`.value;
}

function reportHref(id: string): string {
  return `${PUBLIC_PAGES_PATH}/${encodeURIComponent(id)}`;
}

function listHref(filter: ReportListFilter, page: number): string {
  const query = new URLSearchParams();
  if (filter.year !== undefined) query.set('year', String(filter.year));
  if (filter.organizationId) query.set('organizationId', filter.organizationId);
  if (page > 1) query.set('page', String(page));
  const search = query.toString();
  return search ? `${PUBLIC_PAGES_PATH}?${search}` : PUBLIC_PAGES_PATH;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return selected
    ? markup`<option value="${value}" selected>${label}</option>`
    : markup`<option value="${value}">${label}</option>`;
}

function filterForm({ filter, options }: ReportIndexPage): SafeHtml {
  const years = [...options.years];
  // A filter typed into the address stays visible in the form even when nothing matches it.
  if (filter.year !== undefined && !years.includes(filter.year)) years.unshift(filter.year);
  const organizations = [...options.organizations];
  if (filter.organizationId && !organizations.some((o) => o.id === filter.organizationId)) {
    organizations.unshift({ id: filter.organizationId, name: '（无公开报告的单位）' });
  }
  const yearOptions = years.map((y) => option(String(y), `${y}年度`, y === filter.year));
  const organizationOptions = organizations.map((o) => option(o.id, o.name, o.id === filter.organizationId));
  return markup`<form class="filter" method="get" action="${PUBLIC_PAGES_PATH}">
<label>年度 <select name="year">${option('', '全部年度', filter.year === undefined)}${yearOptions}</select></label>
<label>单位 <select name="organizationId">${option('', '全部单位', !filter.organizationId)}${organizationOptions}</select></label>
<button type="submit">筛选</button>
</form>`;
}

function listItem(report: PublicReportSummary): SafeHtml {
  return markup`<li>
<a href="${reportHref(report.id)}">${report.title}</a>
<div class="info"><span>${report.organizationName ?? report.issuer}</span><span>${report.year}年度</span><span>发布日期：${report.publishedDate}</span><span>索引号：${report.indexNumber}</span></div>
</li>
`;
}

function pager(index: ReportIndexPage): SafeHtml | null {
  const pages = Math.max(1, Math.ceil(index.total / index.pageSize));
  if (pages === 1 && index.page === 1) return null;
  const previous =
    index.page > 1 ? markup`<a href="${listHref(index.filter, Math.min(index.page - 1, pages))}">上一页</a>` : null;
  const next = index.page < pages ? markup`<a href="${listHref(index.filter, index.page + 1)}">下一页</a>` : null;
  return markup`<nav class="pager">${previous}<span>第 ${index.page} / ${pages} 页</span>${next}</nav>`;
}

/** The list of published reports, with the filter form and paging. */
export function renderReportIndex(index: ReportIndexPage): string {
  const list =
    index.items.length > 0
      ? markup`<ul class="reports">
${index.items.map(listItem)}</ul>`
      : markup`<p class="muted">暂无符合条件的公开报告。</p>`;
  return layout(
    SITE,
    markup`<h1>${SITE}</h1>
${filterForm(index)}
<p class="muted">共 ${index.total} 篇</p>
${list}
${pager(index)}`,
  );
}

function metadataTable(report: PublicReportSummary): SafeHtml {
  const row = (a: string, av: string, b: string, bv: string) =>
    markup`<tr><th scope="row">${a}</th><td>${av}</td><th scope="row">${b}</th><td>${bv}</td></tr>`;
  return markup`<table class="meta">
<tbody>
${row('索引号', report.indexNumber, '主题分类', report.topic)}
${row('发文机关', report.issuer, '成文日期', report.signedDate)}
${row('发布日期', report.publishedDate, '文号', report.documentNumber || '无')}
${row('有效性', report.validity, '公开方式', report.openness)}
</tbody>
</table>`;
}

/** The report's text: its parts and (一) parts as headings (reportOutline), every other line a paragraph. */
export function reportBody(content: string): SafeHtml {
  const headings = new Map(reportOutline(content).map((h) => [h.line, h]));
  const blocks = content.split(/\r\n|\r|\n/).map((raw, index) => {
    const heading = headings.get(index + 1);
    if (heading) {
      const rest = heading.rest ? markup`<p>${heading.rest}</p>\n` : null;
      return heading.level === 1
        ? markup`<h2>${heading.heading}</h2>\n${rest}`
        : markup`<h3>${heading.heading}</h3>\n${rest}`;
    }
    const text = raw.trim();
    return text ? markup`<p>${text}</p>\n` : null;
  });
  return markup`${blocks}`;
}

/** One published report: the disclosure metadata above its title and text, as government sites show it. */
export function renderReport(report: PublicReportPage): string {
  const body = report.content === null ? markup`<p class="muted">正文暂缺。</p>\n` : reportBody(report.content);
  return layout(
    `${report.title} - ${SITE}`,
    markup`<p><a href="${PUBLIC_PAGES_PATH}">返回报告列表</a></p>
${metadataTable(report)}
<article>
<h1>${report.title}</h1>
${body}</article>`,
  );
}

const ERROR_TITLES: Record<number, string> = {
  400: '请求有误',
  404: '未找到该报告',
  503: '服务暂不可用',
};

/** An error answered as a page: its status's title and a message for people, nothing else. */
export function renderErrorPage(status: number, message: string): string {
  const title = ERROR_TITLES[status] ?? '出错了';
  return layout(
    `${title} - ${SITE}`,
    markup`<h1>${title}</h1>
<p>${message}</p>
<p><a href="${PUBLIC_PAGES_PATH}">返回报告列表</a></p>`,
  );
}
