import { checkShufaReport } from './shufa-report-check';

const complete = [
  '一、学法守法用法情况',
  '二、依法决策情况',
  '三、认真履行推进法治建设第一责任人职责',
  '四、上年度问题整改情况',
].join('\n');

describe('the 述法 report content check', () => {
  it('finds every topic, with the line it is on', () => {
    const check = checkShufaReport(complete);
    expect(check.missing).toEqual([]);
    expect(check.found.map((f) => [f.key, f.line])).toEqual([
      ['study', 1],
      ['observe', 1],
      ['apply', 1],
      ['decision', 2],
      ['promotion', 3],
      ['last_year', 4],
    ]);
  });

  it('names each topic missing', () => {
    const check = checkShufaReport('一、学法情况\n二、依法决策情况');
    expect(check.missing.map((m) => m.title)).toEqual(['守法', '用法', '推进法治建设', '上年度发现的问题及整改情况']);
  });

  it('asks for every rectification item carried over from last year, however it is punctuated', () => {
    const carried = [
      { id: 'a', description: '重大行政决策合法性审查不够规范。' },
      { id: 'b', description: '行政复议纠错意见落实不及时' },
    ];
    const check = checkShufaReport(`${complete}\n关于“重大行政决策合法性审查不够规范”的问题，已整改。`, carried);
    expect(check.found.map((f) => f.key)).toContain('item:a');
    expect(check.missing).toEqual([{ key: 'item:b', title: '上年度未完成的整改事项「行政复议纠错意见落实不及时」' }]);
  });
});
