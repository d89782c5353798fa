import { Evaluation, evaluatorScore, gradeOf, marksProblems, quorumNeeded, shufaResult } from './scoring';
import { DEFAULT_SHUFA_SETTINGS, ShufaSettings, shufaSettingsProblems, withShufaDefaults } from './shufa-settings';

const panel = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    userId: `00000000-0000-4000-8000-00000000000${i}`,
    type: 'npc_deputy' as const,
  }));
const settings = (over: Partial<ShufaSettings> = {}): ShufaSettings => withShufaDefaults({ panel: panel(5), ...over });
const all = (score: number) => ({ 学法用法: score, 依法决策: score, 推进法治建设: score, 述法质量: score });
const evaluation = (i: number, scores: Record<string, number>): Evaluation => ({
  userId: panel(9)[i].userId,
  marks: { scores },
  comment: null,
  at: i,
});

describe('述法 scoring', () => {
  it('takes the weighted mean over the dimensions', () => {
    const weighted = settings({
      dimensions: [
        { name: '学法用法', weight: 1 },
        { name: '依法决策', weight: 3 },
      ],
    });
    expect(evaluatorScore(weighted, { scores: { 学法用法: 60, 依法决策: 100 } })).toBe(90);
    expect(evaluatorScore(settings(), { scores: { 学法用法: 90, 依法决策: 80, 推进法治建设: 70, 述法质量: 61 } })).toBe(
      75.25,
    );
  });

  it('turns ratings into scores by their coefficients (default 1, 0.8, 0.6, 0.4 × 100)', () => {
    const rated = settings({ scale: { kind: 'ratings', coefficients: { 好: 1, 较好: 0.8, 一般: 0.6, 差: 0.4 } } });
    expect(
      evaluatorScore(rated, { ratings: { 学法用法: '好', 依法决策: '较好', 推进法治建设: '一般', 述法质量: '差' } }),
    ).toBe(70);
    const custom = withShufaDefaults({
      scale: { kind: 'ratings', coefficients: { 好: 0.95, 较好: 0.85, 一般: 0.7, 差: 0.5 } },
    });
    expect(
      evaluatorScore(custom, { ratings: { 学法用法: '好', 依法决策: '好', 推进法治建设: '好', 述法质量: '好' } }),
    ).toBe(95);
  });

  it('drops one highest and one lowest with 5 or more evaluators, not with 4', () => {
    const five = shufaResult(
      settings(),
      [60, 80, 85, 90, 100].map((s, i) => evaluation(i, all(s))),
    );
    expect(five.score).toBe(85);
    expect(five.evaluators.map((e) => e.counted)).toEqual([false, true, true, true, false]);
    const four = shufaResult(
      settings({ panel: panel(4) }),
      [60, 80, 90, 100].map((s, i) => evaluation(i, all(s))),
    );
    expect(four.score).toBe(82.5);
    expect(four.evaluators.every((e) => e.counted)).toBe(true);
    // Ties: only one of the equal highest is dropped.
    expect(
      shufaResult(
        settings(),
        [70, 70, 90, 90, 90].map((s, i) => evaluation(i, all(s))),
      ).score,
    ).toBe(83.33);
  });

  it('gives no grade below the quorum (评议人数不足), and records who did not score', () => {
    expect(quorumNeeded(settings(), 5)).toBe(4);
    expect(quorumNeeded(settings(), 6)).toBe(4);
    expect(quorumNeeded(settings({ quorum: 1 }), 3)).toBe(3);
    const three = shufaResult(
      settings(),
      [95, 95, 95].map((s, i) => evaluation(i, all(s))),
    );
    expect(three).toMatchObject({ score: 95, grade: null, insufficient: true, quorumNeeded: 4 });
    expect(three.missing).toEqual([panel(5)[3].userId, panel(5)[4].userId]);
    const four = shufaResult(
      settings(),
      [95, 95, 95, 95].map((s, i) => evaluation(i, all(s))),
    );
    expect(four).toMatchObject({ grade: '优秀', insufficient: false });
    expect(shufaResult(settings(), [])).toMatchObject({ score: null, grade: null, insufficient: true });
  });

  it('grades at the thresholds’ edges', () => {
    const s = settings();
    expect([90, 89.99, 80, 79.99, 60, 59.99].map((score) => gradeOf(s, score))).toEqual([
      '优秀',
      '良好',
      '良好',
      '一般',
      '一般',
      '较差',
    ]);
    const strict = settings({ thresholds: { 优秀: 95, 良好: 85, 一般: 70 } });
    expect(gradeOf(strict, 94.99)).toBe('良好');
  });

  it('names what is wrong with an evaluator’s marks', () => {
    const s = settings();
    expect(marksProblems(s, { scores: all(80) })).toEqual([]);
    const problems = marksProblems(s, { scores: { ...all(80), 学法用法: 101, 守法: 90 } });
    expect(problems.map((p) => p.field).sort()).toEqual(['scores.守法', 'scores.学法用法'].sort());
    expect(marksProblems(s, { scores: { 学法用法: 80 } }).map((p) => p.field)).toEqual([
      'scores.依法决策',
      'scores.推进法治建设',
      'scores.述法质量',
    ]);
    expect(marksProblems(s, { ratings: { 学法用法: '好' } })[0].field).toBe('ratings');
  });

  it('validates the settings block, naming each field', () => {
    expect(shufaSettingsProblems({})).toEqual([]);
    expect(shufaSettingsProblems({ ...DEFAULT_SHUFA_SETTINGS, panel: panel(2) })).toEqual([]);
    const fields = shufaSettingsProblems({
      mode: 'video',
      panel: [{ userId: 'x', type: 'friend' }],
      dimensions: [{ name: '学法用法', weight: 0 }],
      scale: { kind: 'ratings', coefficients: { 好: 2, 较好: 0.8, 一般: 0.6, 差: 0.4 } },
      quorum: 1.5,
      thresholds: { 优秀: 80, 良好: 90, 一般: 60 },
      rectificationReminders: ['soon'],
      colour: 'red',
    }).map((p) => p.field);
    expect(fields.sort()).toEqual(
      [
        'shufa.colour',
        'shufa.mode',
        'shufa.panel[0].userId',
        'shufa.panel[0].type',
        'shufa.dimensions[0].weight',
        'shufa.scale.coefficients.好',
        'shufa.quorum',
        'shufa.thresholds',
        'shufa.rectificationReminders[0]',
      ].sort(),
    );
  });
});
