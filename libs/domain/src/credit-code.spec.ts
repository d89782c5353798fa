import { creditCodeCheckChar, creditCodeProblem } from './credit-code';

describe('统一社会信用代码', () => {
  it.each(['91350100M000100Y43', '91110000802100433B', '911100001000080343'])(
    'accepts the published code %s',
    (code) => {
      expect(creditCodeProblem(code)).toBeNull();
    },
  );

  it('refuses a wrong check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确');
  });

  it('refuses wrong length and letters outside the alphabet', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toMatch(/18位/);
    expect(creditCodeProblem('91350100M000100O43')).toMatch(/不含I、O、Z、S、V/);
    expect(creditCodeProblem('91350100m000100y43')).toMatch(/18位/);
  });

  it('computes the check character that completes a code', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
});
