import { inputProblems, MAX_NESTING, MAX_STEP_BYTES, nestingProblem, stepRequestProblem, textProblem } from './text';

describe('text people may send', () => {
  it('accepts Chinese, emoji (a surrogate pair), tabs, newlines and CRLF', () => {
    for (const ok of ['法治政府建设年度报告', '👍 已审核', 'a\tb\nc', '第一行\r\n第二行', '', ' ']) {
      expect(textProblem(ok)).toBeNull();
    }
  });

  it('refuses a NUL character: PostgreSQL text cannot hold it', () => {
    expect(textProblem('意见\u0000')).toContain('NUL');
  });

  it('refuses half of a surrogate pair, leading or trailing: it cannot be stored as sent', () => {
    for (const bad of ['\ud800', 'a\ud800b', '\udc00', 'x\udfff', '\ud83d']) {
      expect(textProblem(bad)).toContain('代理项');
    }
  });

  it('refuses other control characters, a lone carriage return included', () => {
    for (const bad of ['\u0001', 'a\u001bb', '\u007f', '\u0085', 'a\rb', 'end\r']) {
      expect(textProblem(bad)).toMatch(/控制字符/);
    }
    expect(textProblem('\u001b')).toBe('含有控制字符 U+001B');
  });
});

describe('a request part, checked whole', () => {
  it('names every bad string by its path, keys included', () => {
    const problems = inputProblems({
      comment: 'ok',
      meeting: { type: '常务会议\u0000', date: '2026-01-01' },
      recipients: ['本级政府', '\ud800'],
      ['bad\u0000key']: 1,
    });
    expect(problems.map((p) => p.field)).toEqual(['?', 'meeting.type', 'recipients.1']);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const problems = inputProblems(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0].problem).toContain(`${MAX_NESTING}`);
    let shallow: unknown = 'leaf';
    for (let i = 0; i < MAX_NESTING; i++) shallow = [shallow];
    expect(inputProblems(shallow)).toEqual([]);
  });

  it('finds nesting deeper than the limit alone, as inputProblems names it, without overflowing the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingProblem({ ok: 'x', deep })).toEqual(inputProblems({ ok: 'x', deep })[0]);
    let shallow: unknown = '\u0000';
    for (let i = 0; i < MAX_NESTING; i++) shallow = { a: shallow };
    expect(nestingProblem(shallow)).toBeNull();
    expect(nestingProblem(undefined)).toBeNull();
  });

  it('accepts a plain string, numbers, booleans and null', () => {
    expect(inputProblems('x')).toEqual([]);
    expect(inputProblems({ a: 1, b: true, c: null, d: [1, 2] })).toEqual([]);
    expect(inputProblems('\u0000')).toEqual([{ field: '', problem: '含有空字符（NUL）' }]);
  });
});

describe('a step taken into a workflow', () => {
  it('may carry up to MAX_STEP_BYTES of UTF-8', () => {
    expect(stepRequestProblem({ comment: '意'.repeat(80_000) })).toBeNull();
    expect(stepRequestProblem({ comment: '意'.repeat(MAX_STEP_BYTES / 3) })?.problem).toContain('过长');
    expect(stepRequestProblem({ comment: '\u0000' })?.field).toBe('comment');
  });
});
