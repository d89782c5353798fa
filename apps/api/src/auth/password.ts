import { hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane) rather than the package's 64 MiB: fifty people
 * signing in at once must not need 3 GiB. No length cut (bcrypt only read the first 72 bytes).
 */
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id (a const enum, not importable under isolatedModules).
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Whether an argon2 hash was made with other parameters than ARGON2_OPTIONS (e.g. an older setting). */
function needsRehash(stored: string): boolean {
  const [, algorithm, version, params] = stored.split('$');
  if (algorithm !== 'argon2id' || version !== 'v=19' || !params) return true;
  const given = Object.fromEntries(params.split(',').map((p) => p.split('=') as [string, string]));
  return (
    Number(given.m) !== ARGON2_OPTIONS.memoryCost ||
    Number(given.t) !== ARGON2_OPTIONS.timeCost ||
    Number(given.p) !== ARGON2_OPTIONS.parallelism
  );
}

const BCRYPT = /^\$2[aby]\$/;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, ARGON2_OPTIONS);
}

export interface PasswordCheck {
  matches: boolean;
  /** The stored hash is bcrypt (from before argon2id) or weaker argon2 parameters: re-hash on success. */
  needsRehash: boolean;
}

/** Checks a password against an argon2 hash, or a bcrypt hash written by earlier versions. */
export async function verifyPassword(plain: string, stored: string): Promise<PasswordCheck> {
  if (BCRYPT.test(stored)) return { matches: await bcrypt.compare(plain, stored), needsRehash: true };
  try {
    const matches = await verify(stored, plain);
    return { matches, needsRehash: matches && needsRehash(stored) };
  } catch {
    // A malformed hash matches nothing.
    return { matches: false, needsRehash: false };
  }
}

let dummy: Promise<string> | undefined;
/** An argon2id hash of a random string, checked when no account matches so timing does not tell. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
