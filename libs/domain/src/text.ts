/**
 * What text the system accepts from people: anything PostgreSQL stores exactly as sent, so what is
 * applied, hashed into the audit chain and stored is the same text. Pure: the API checks every
 * request with it, and the workflows' update validators check free text with it again.
 */

/** How deeply a request body may nest objects and arrays (the deepest DTO nests three levels). */
export const MAX_NESTING = 16;

/**
 * Why a string cannot be accepted, in Chinese, or null when it can:
 * - a NUL character (PostgreSQL text cannot hold it);
 * - half of a UTF-16 surrogate pair (it cannot be encoded as UTF-8: it would be stored as U+FFFD
 *   and no longer match what was hashed);
 * - a control character other than tab and newline (a carriage return only as part of CRLF).
 */
export function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return '含有无法存储的字符（不成对的代理项）';
    }
    if (code >= 0xdc00 && code <= 0xdfff) return '含有无法存储的字符（不成对的代理项）';
    if (code === 0) return '含有空字符（NUL）';
    if (code === 0x09 || code === 0x0a) continue;
    if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return `含有控制字符 U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return null;
}

export interface InputProblem {
  /** Where, as the validation errors name fields: `meeting.date`, `recipients.0`; '' for the whole value. */
  field: string;
  problem: string;
}

/**
 * Every string (values and keys) of a parsed request part, checked with textProblem, and its nesting
 * checked against MAX_NESTING. Iterative, so no input is deep enough to overflow the stack.
 */
export function inputProblems(value: unknown, maxNesting = MAX_NESTING): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field: path, problem });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxNesting) {
      problems.push({ field: path, problem: `嵌套层级超过 ${maxNesting} 层` });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        problems.push({ field: join(path, '?'), problem: `字段名${keyProblem}` });
        continue;
      }
      stack.push({ value: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/**
 * The first place where `value` nests deeper than maxNesting, or null: the same nesting rule as
 * inputProblems, alone, for the edge to apply to a parsed body before anything walks it
 * recursively (JSON.parse is iterative, JSON.stringify is not). Iterative too.
 */
export function nestingProblem(value: unknown, maxNesting = MAX_NESTING): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxNesting) return { field: path, problem: `嵌套层级超过 ${maxNesting} 层` };
    for (const [key, item] of Object.entries(current)) {
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The most a person's step may carry into a cycle's workflow history. Every field has a length of its
 * own, far below this; it guards against one without: Temporal refuses a payload over 2 MB by failing
 * the workflow task, which would leave the cycle unable to take any further step.
 */
export const MAX_STEP_BYTES = 256 * 1024;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Why a person's step cannot be taken into a workflow as it is (its text, or its size), or null. */
export function stepRequestProblem(request: unknown): InputProblem | null {
  const [text] = inputProblems(request);
  if (text) return text;
  if (utf8Length(JSON.stringify(request) ?? '') > MAX_STEP_BYTES) {
    return { field: '', problem: `该操作的内容过长（上限 ${MAX_STEP_BYTES / 1024} KB）` };
  }
  return null;
}
