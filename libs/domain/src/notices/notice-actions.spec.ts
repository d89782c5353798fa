import { CALENDAR_STAGES } from '../calendar/stages';
import { CONSOLE_ACTIONS, consolePath, consoleUrl, noticeAction, noticeLink } from './notice-actions';

describe('what a deadline notice asks of its recipient', () => {
  it('names, for each stage, the step its actor takes and the console action for it', () => {
    const asked = Object.fromEntries(CALENDAR_STAGES.map((stage) => [stage, noticeAction({ stage }, 'actor')]));
    expect(asked).toEqual({
      contributions: { action: 'contribute', text: '请提交本处室的材料' },
      drafting: { action: 'draft', text: '请提交报告草稿' },
      legality_review: { action: 'review', text: '请提交合法性审查意见' },
      sign_off: { action: 'sign_off', text: '请审签年度报告' },
      submission: { action: 'submit', text: '请报送年度报告' },
      publication: { action: 'publish', text: '请公开年度报告' },
      shufa_writing: { action: 'write', text: '请提交述法报告' },
      shufa_materials_review: { action: 'review_materials', text: '请审核述法材料' },
      shufa_evaluation: { action: 'evaluate', text: '请完成述法评分' },
      shufa_rectification: { action: 'rectify', text: '请下达述法问题清单' },
    });
  });

  it('asks a division for its part and the leader for a rectification item', () => {
    const part = { stage: 'contributions' as const, divisionId: 'd1', divisionName: '市场监管科' };
    expect(noticeAction(part, 'actor')).toEqual({ action: 'contribute', text: '请提交本处室的材料' });
    const item = { stage: 'shufa_rectification' as const, rectificationItemId: 'i1' };
    expect(noticeAction(item, 'actor')).toEqual({ action: 'rectify', text: '请报告问题整改情况' });
  });

  it('asks an overseer to see that whoever acts does it, and links him to the overseeing view', () => {
    expect(noticeAction({ stage: 'legality_review' }, 'overseer')).toEqual({
      action: 'oversee',
      text: '请督促合法性审核人尽快提交合法性审查意见',
    });
    expect(noticeAction({ stage: 'contributions', divisionId: 'd1', divisionName: '市场监管科' }, 'overseer')).toEqual({
      action: 'oversee',
      text: '请督促市场监管科尽快提交材料',
    });
    expect(noticeAction({ stage: 'contributions', divisionId: 'd1' }, 'overseer').text).toBe(
      '请督促该处室尽快提交材料',
    );
    expect(noticeAction({ stage: 'shufa_evaluation' }, 'overseer').text).toBe('请督促述法评议人尽快完成述法评分');
    expect(noticeAction({ stage: 'shufa_rectification', rectificationItemId: 'i1' }, 'overseer').text).toBe(
      '请督促述法的主要负责人尽快报告问题整改情况',
    );
    for (const stage of CALENDAR_STAGES) expect(noticeAction({ stage }, 'overseer').text).toMatch(/^请督促.+尽快.+/);
  });

  it('names who acts when it goes to the department’s mailbox or group, linking to the step itself', () => {
    expect(noticeAction({ stage: 'drafting' }, 'channel')).toEqual({
      action: 'draft',
      text: '请本单位法制工作人员提交报告草稿',
    });
    expect(noticeAction({ stage: 'contributions', divisionId: 'd1', divisionName: '市场监管科' }, 'channel')).toEqual({
      action: 'contribute',
      text: '请市场监管科提交材料',
    });
  });

  it('only ever links to an action the console knows', () => {
    for (const stage of CALENDAR_STAGES) {
      for (const role of ['actor', 'overseer', 'channel'] as const) {
        expect(CONSOLE_ACTIONS).toContain(noticeAction({ stage }, role).action);
      }
    }
  });
});

describe('the console address of an action', () => {
  it('is the cycle’s page with the action, and the division or item it is about', () => {
    expect(consolePath({ kind: 'report', cycleId: 'c-1', action: 'draft' })).toBe('/report-cycles/c-1?action=draft');
    expect(consolePath({ kind: 'report', cycleId: 'c-1', action: 'contribute', divisionId: 'd-2' })).toBe(
      '/report-cycles/c-1?action=contribute&divisionId=d-2',
    );
    expect(consolePath({ kind: 'shufa', cycleId: 's-1', action: 'rectify', itemId: 'i-3' })).toBe(
      '/shufa-cycles/s-1?action=rectify&itemId=i-3',
    );
  });

  it('encodes what it interpolates', () => {
    expect(consolePath({ kind: 'shufa', cycleId: 'a/b?c', action: 'evaluate', itemId: 'x&y=z #1' })).toBe(
      '/shufa-cycles/a%2Fb%3Fc?action=evaluate&itemId=x%26y%3Dz%20%231',
    );
  });

  it('sits under PUBLIC_URL, with or without its trailing slash and with a path of its own', () => {
    const link = { kind: 'report' as const, cycleId: 'c-1', action: 'review' as const };
    expect(consoleUrl('http://localhost:3000', link)).toBe('http://localhost:3000/report-cycles/c-1?action=review');
    expect(consoleUrl('http://localhost:3000/', link)).toBe('http://localhost:3000/report-cycles/c-1?action=review');
    expect(consoleUrl('https://fzzf.example.gov.cn/rol//', link)).toBe(
      'https://fzzf.example.gov.cn/rol/report-cycles/c-1?action=review',
    );
  });

  it('is built for a notice from what the notice is about', () => {
    const cycle = { kind: 'report' as const, cycleId: 'c-1' };
    expect(noticeLink('http://h/', cycle, { stage: 'contributions', divisionId: 'd-2' }, 'contribute')).toBe(
      'http://h/report-cycles/c-1?action=contribute&divisionId=d-2',
    );
    expect(noticeLink('http://h', cycle, { stage: 'contributions', divisionId: 'd-2' }, 'oversee')).toBe(
      'http://h/report-cycles/c-1?action=oversee&divisionId=d-2',
    );
    expect(
      noticeLink(
        'http://h',
        { kind: 'shufa', cycleId: 's-1' },
        { stage: 'shufa_rectification', rectificationItemId: 'i' },
        'rectify',
      ),
    ).toBe('http://h/shufa-cycles/s-1?action=rectify&itemId=i');
  });
});
