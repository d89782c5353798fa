/**
 * The password rule of 等保 2.0 (GB/T 22239-2019 8.1.4.1 a: 身份鉴别信息具有复杂度要求): long enough, of
 * several character classes, not derived from the account name and not one of the passwords every
 * guessing list starts with. One function, applied wherever a password is set.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MIN_CLASSES = 3;
/** The rule as people are told it (forms where a password is set). */
export const PASSWORD_RULE_TEXT = `至少 ${PASSWORD_MIN_LENGTH} 位，含大写字母、小写字母、数字、其他符号中的至少 ${PASSWORD_MIN_CLASSES} 类`;

/**
 * Passwords that pass the length and class rules yet are among the first guessed (keyboard walks,
 * "Password1"-style, 常见弱口令 lists of Chinese government systems). Compared lower-cased.
 */
const COMMON_PASSWORDS = new Set(
  [
    'password1',
    'password1!',
    'password123',
    'password@123',
    'passw0rd',
    'passw0rd!',
    'p@ssw0rd',
    'p@ssw0rd1',
    'p@ssword1',
    'p@55w0rd',
    'admin@123',
    'admin123!',
    'admin@1234',
    'admin#123',
    'administrator1',
    'root@123',
    'qwer1234!',
    'qwer@1234',
    'qwe123!@#',
    'qwerty123!',
    'qwerty@123',
    '1qaz@wsx',
    '1qaz2wsx!',
    '1qaz!qaz',
    '!qaz2wsx',
    '1qaz@wsx3edc',
    'zaq1@wsx',
    'abc@1234',
    'abc@123456',
    'abcd@1234',
    'abc123!@#',
    'aa123456!',
    'aa123456.',
    'a1234567!',
    'a123456!',
    'a123456@',
    'welcome1!',
    'welcome@123',
    'test@1234',
    'test@123',
    'changeme1!',
    'letmein1!',
    'iloveyou1!',
    'woaini1314!',
    'huawei@123',
    'sgcc@1234',
    'gov@1234',
    'china@123',
    'beijing@123',
    'shanghai@123',
  ].map((p) => p.toLowerCase()),
);

/** The classes a character may belong to; letters and digits of any script count, the rest is "other". */
function classOf(ch: string): 'lower' | 'upper' | 'digit' | 'other' {
  if (/\p{Ll}/u.test(ch)) return 'lower';
  if (/\p{Lu}/u.test(ch)) return 'upper';
  if (/\p{Nd}/u.test(ch)) return 'digit';
  return 'other';
}

/**
 * What a password lacks, in Chinese, one item per broken rule; empty when it may be set. `email` is
 * the account's: the password must not contain it, nor its local part when that has 3 or more
 * characters (a shorter one, such as `li`, would refuse half of all words).
 */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  const chars = Array.from(password);
  if (chars.length < PASSWORD_MIN_LENGTH) problems.push(`长度至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  const classes = new Set(chars.map(classOf));
  if (classes.size < PASSWORD_MIN_CLASSES) {
    problems.push(
      `须包含小写字母、大写字母、数字、其他符号中的至少 ${PASSWORD_MIN_CLASSES} 类（现有 ${classes.size} 类）`,
    );
  }
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if ((address && lower.includes(address)) || (local.length >= 3 && lower.includes(local))) {
    problems.push('不能包含邮箱或邮箱用户名');
  }
  if (COMMON_PASSWORDS.has(lower)) problems.push('属于常见弱口令，容易被猜中');
  return problems;
}
