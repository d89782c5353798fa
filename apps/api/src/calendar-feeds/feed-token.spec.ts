import { FEED_TOKEN_PATTERN, feedToken, feedTokenHash, hideFeedToken, newFeedNonce } from './feed-token';

describe('feed tokens', () => {
  it('derives 256-bit URL-safe tokens, one per user and nonce and secret', () => {
    const nonce = newFeedNonce();
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(32);
    expect(newFeedNonce()).not.toBe(nonce);
    const token = feedToken('secret-one-1234567', 'user-1', nonce);
    expect(token).toMatch(FEED_TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(feedToken('secret-one-1234567', 'user-1', nonce)).toBe(token);
    expect(feedToken('secret-one-1234567', 'user-2', nonce)).not.toBe(token);
    expect(feedToken('secret-two-1234567', 'user-1', nonce)).not.toBe(token);
    expect(feedToken('secret-one-1234567', 'user-1', newFeedNonce())).not.toBe(token);
    expect(feedTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(feedTokenHash(token)).not.toContain(token);
  });

  it('keeps the token out of logged URLs', () => {
    expect(hideFeedToken('/feeds/abcDEF_-123.ics')).toBe('/feeds/***');
    expect(hideFeedToken('/feeds/abc.ics?x=1')).toBe('/feeds/***?x=1');
    expect(hideFeedToken('/api/me/calendar-feed')).toBe('/api/me/calendar-feed');
  });
});
