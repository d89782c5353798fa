/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I O Z S V);
 * the last one is a check character over the first 17 with fixed weights.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid character ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

/** Returns a reason in Chinese when the code is not valid, or null. */
export function creditCodeProblem(code: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）';
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return '统一社会信用代码校验位不正确';
  }
  return null;
}
