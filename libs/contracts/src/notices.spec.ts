import { noticeKeys } from './notices';

describe('notice keys', () => {
  const item = { cycleId: 'report-2026-qp-yjj', stage: 'drafting', visit: 2 };

  it('name the item, the round and the recipient, as the keys already stored do', () => {
    expect(noticeKeys.welcome('u1')).toBe('welcome:u1');
    expect(noticeKeys.reminder(item, 'P3D', null, 'u1')).toBe('reminder:report-2026-qp-yjj:drafting:2:P3D:u1');
    expect(noticeKeys.reminder(item, 'P3D', 1_800_000_000_000, 'u1')).toBe(
      'reminder:report-2026-qp-yjj:drafting:2:P3D@1800000000000:u1',
    );
    expect(noticeKeys.escalation(item, 1, 3, 'u1')).toBe('escalation:report-2026-qp-yjj:drafting:2:p1-round-3:u1');
  });

  it('name a division’s part as an item of its own, so its rounds never stand in for the stage’s', () => {
    const part = { cycleId: 'report-2026-qp-yjj', stage: 'contributions', visit: 1, divisionId: 'd-1' };
    expect(noticeKeys.reminder(part, 'P3D', 1_800_000_000_000, 'u1')).toBe(
      'reminder:report-2026-qp-yjj:contributions:1:division-d-1:P3D@1800000000000:u1',
    );
    expect(noticeKeys.escalation(part, 1, 2, 'u1')).not.toBe(
      noticeKeys.escalation({ ...part, divisionId: 'd-2' }, 1, 2, 'u1'),
    );
  });

  it('give each channel of the organisation its own key per round, beside the users’ keys', () => {
    const keys = [
      noticeKeys.reminder(item, 'P3D', 1_800_000_000_000, 'u1'),
      noticeKeys.reminder(item, 'P3D', 1_800_000_000_000, { channel: 'email' }),
      noticeKeys.reminder(item, 'P3D', 1_800_000_000_000, { channel: 'dingtalk' }),
      noticeKeys.reminder(item, 'P3D', 1_800_000_000_000, { channel: 'wecom' }),
    ];
    expect(new Set(keys).size).toBe(4);
    expect(keys[2]).toBe('reminder:report-2026-qp-yjj:drafting:2:P3D@1800000000000:channel-dingtalk');
    expect(noticeKeys.escalation(item, 1, 2, { channel: 'wecom' })).toBe(
      'escalation:report-2026-qp-yjj:drafting:2:p1-round-2:channel-wecom',
    );
  });
});
