import { canonicalJson, chainHash, ChainedFields, GENESIS_HASH } from './audit-hash';

const row: ChainedFields = {
  id: 1,
  at: new Date('2026-02-27T08:00:00.000Z'),
  actorId: null,
  actorLabel: 'system',
  action: 'organization.created',
  subjectType: 'organization',
  subjectId: 'abc',
  before: null,
  after: { name: '青浦区应急管理局', nested: { b: 1, a: [2, 1] } },
  reason: null,
};

describe('audit hash chain', () => {
  it('serialises objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined })).toBe(
      '{"at":"2026-01-01T00:00:00.000Z"}',
    );
  });

  it('gives the same hash whatever the key order of the payload', () => {
    const reordered = { ...row, after: { nested: { a: [2, 1], b: 1 }, name: '青浦区应急管理局' } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, row));
  });

  it('changes when any field, the position or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...row, after: { ...(row.after as object), name: '篡改' } })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...row, id: 2 })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...row, reason: 'x' })).not.toBe(base);
    expect(chainHash('f'.repeat(64), row)).not.toBe(base);
  });
});
