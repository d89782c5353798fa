import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A feed token is derived from a random 256-bit nonce (stored) and the server's secret (not in the
 * database): HMAC-SHA256, 43 base64url characters. The database keeps only the token's SHA-256, so
 * what it holds cannot be used as a feed URL; the URL can still be shown again to its owner.
 * Rotating draws a new nonce: the old token's hash is gone at once.
 */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newFeedNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function feedToken(secret: string, userId: string, nonce: string): string {
  // Its own key, so a feed token is never something the session tokens' key has signed.
  const key = createHmac('sha256', secret).update('rol-cycle calendar feed').digest();
  return createHmac('sha256', key).update(`${userId}\u0000${nonce}`).digest('base64url');
}

export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A request URL as logs may keep it: a feed's token is a credential, so it is left out. */
export function hideFeedToken(url: string): string {
  return url.replace(/^\/feeds\/[^/?#]*/, '/feeds/***');
}
