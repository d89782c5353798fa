import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

const COST = 10;

/** A bcrypt hash of a random string at the same cost, compared against when no account matches. */
export const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), COST);

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}
