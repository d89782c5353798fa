import { passwordProblems } from './password-policy';

const EMAIL = 'zhang.ming@qp.example.gov.cn';

describe('passwordProblems', () => {
  it('accepts a password of 8 characters from 3 of the 4 classes', () => {
    expect(passwordProblems('Qingpu2025', EMAIL)).toEqual([]);
    expect(passwordProblems('qingpu-2025', EMAIL)).toEqual([]);
    expect(passwordProblems('QINGPU#2025', EMAIL)).toEqual([]);
    expect(passwordProblems('Ab1!Ab1!', EMAIL)).toEqual([]);
  });

  it('refuses fewer than 8 characters, counting characters rather than bytes', () => {
    expect(passwordProblems('Ab1!Ab1', EMAIL)).toEqual(['长度至少 8 个字符']);
    // Four Chinese characters are twelve bytes in UTF-8, still four characters.
    expect(passwordProblems('法治政府Ab1!', EMAIL)).toEqual([]);
    expect(passwordProblems('法治A1', EMAIL)).toEqual(['长度至少 8 个字符']);
  });

  it('refuses a password of fewer than 3 classes and says how many it has', () => {
    expect(passwordProblems('12345678', EMAIL)).toEqual([
      '须包含小写字母、大写字母、数字、其他符号中的至少 3 类（现有 1 类）',
    ]);
    expect(passwordProblems('qingpu2025', EMAIL)).toEqual([
      '须包含小写字母、大写字母、数字、其他符号中的至少 3 类（现有 2 类）',
    ]);
    expect(passwordProblems('QingpuQingpu', EMAIL)).toHaveLength(1);
  });

  it('counts Chinese characters and other non-Latin signs as "other"', () => {
    expect(passwordProblems('法治政府qingpu2025', EMAIL)).toEqual([]);
  });

  it('refuses a password that contains the e-mail address or its local part, in any case', () => {
    expect(passwordProblems('Zhang.Ming-2025', EMAIL)).toEqual(['不能包含邮箱或邮箱用户名']);
    expect(passwordProblems(`x${EMAIL.toUpperCase()}1`, EMAIL)).toEqual(['不能包含邮箱或邮箱用户名']);
    expect(passwordProblems('Admin-pass-1', 'admin@rol-cycle.local')).toEqual(['不能包含邮箱或邮箱用户名']);
  });

  it('ignores a local part shorter than 3 characters', () => {
    expect(passwordProblems('Delivery-2025', 'li@qp.example.gov.cn')).toEqual([]);
  });

  it('refuses the common passwords of guessing lists even when they pass the other rules', () => {
    for (const common of ['password1', 'Passw0rd!', 'Admin@123', 'Qwer1234!', '1qaz@WSX', 'P@ssw0rd', 'Abc@1234']) {
      expect(passwordProblems(common, EMAIL)).toContain('属于常见弱口令，容易被猜中');
    }
  });

  it('names every broken rule at once', () => {
    expect(passwordProblems('liming', 'liming@qp.example.gov.cn')).toEqual([
      '长度至少 8 个字符',
      '须包含小写字母、大写字母、数字、其他符号中的至少 3 类（现有 1 类）',
      '不能包含邮箱或邮箱用户名',
    ]);
  });

  it('does not cut long passwords: every character counts', () => {
    const long = 'Qp-2025-'.repeat(20);
    expect(passwordProblems(long, EMAIL)).toEqual([]);
    expect(passwordProblems(long + 'zhang.ming', EMAIL)).toEqual(['不能包含邮箱或邮箱用户名']);
  });
});
