import type { CycleStageState, StageRecord } from '../cycles/cycle-state';
import { isPubliclyDisclosed, OPENNESS } from './disclosure';
import { recordedDraftVersion, recordedPublication } from './stage-details';

function stage(name: CycleStageState['stage'], record: StageRecord | null): CycleStageState {
  return { stage: name, dueAt: 0, startedAt: 0, endedAt: 1, overdueSince: null, extended: false, visits: 1, record };
}

const advanced = (details?: Record<string, unknown>): StageRecord => ({
  outcome: 'advanced',
  by: null,
  at: 1,
  details,
});

const disclosure = { indexNumber: '11310118MB2F12345X/2026-00001', openness: '主动公开', title: '年度报告' };

describe('what a report’s stages recorded, read back from stored snapshots', () => {
  it('reads the draft version drafting ended with, and none when it recorded none', () => {
    expect(recordedDraftVersion({ stages: [stage('drafting', advanced({ draftVersion: 3 }))] })).toBe(3);
    expect(recordedDraftVersion({ stages: [stage('drafting', advanced({}))] })).toBeNull();
    expect(recordedDraftVersion({ stages: [stage('drafting', null)] })).toBeNull();
    expect(recordedDraftVersion({ stages: [] })).toBeNull();
  });

  it('reads a publication only once it was published, with its disclosure', () => {
    const published = advanced({ disclosure, draftVersion: 2 });
    expect(recordedPublication({ stages: [stage('publication', published)] })).toEqual({ disclosure, draftVersion: 2 });
    expect(recordedPublication({ stages: [stage('publication', { ...published, outcome: 'cancelled' })] })).toBeNull();
    expect(recordedPublication({ stages: [stage('publication', advanced({ draftVersion: 2 }))] })).toBeNull();
    expect(recordedPublication({ stages: [stage('publication', null)] })).toBeNull();
  });
});

describe('主动公开', () => {
  it('is the one openness published to everyone; the others are not', () => {
    expect(OPENNESS.filter(isPubliclyDisclosed)).toEqual(['主动公开']);
  });
});
