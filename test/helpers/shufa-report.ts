/**
 * A principal leader's 述法 report, written for the tests (no real one is among the shared
 * fixtures): it speaks of every topic the content check asks for, and of `items` (last year's open
 * rectification items) when given.
 */
export function shufaReportText(leader = '局长', items: string[] = []): string {
  return [
    `${leader}2026年度述法报告`,
    '一、学法守法用法情况',
    '带头尊法学法守法用法，全年参加党组理论学习中心组集体学法6次，讲授法治课2次。',
    '二、依法决策情况',
    '严格落实重大行政决策程序，坚持合法性审查和集体讨论决定，全年依法决策事项12项。',
    '三、推进法治建设情况',
    '认真履行推进法治建设第一责任人职责，四次召开党组会研究法治政府建设工作。',
    '四、上年度述法发现问题的整改情况',
    items.length > 0
      ? items.map((item, i) => `${i + 1}.${item}：已制定整改方案，按期推进。`).join('\n')
      : '上年度述法评议指出的问题已全部整改到位。',
    '五、存在的不足和下一步打算',
    '法治宣传的针对性还需加强，下一年度将持续改进。',
  ].join('\n');
}
