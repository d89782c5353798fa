import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './helpers/test-system';

/**
 * Histories recorded from real runs (RECORD_HISTORIES=1 with the report-cycle test writes them, named
 * `<workflow>@<commit>.binpb`) must still replay with today's workflow code: a year-long cycle
 * survives every deploy. Every recording is kept; none is ever recorded again over an old one.
 */
const DIR = join(__dirname, 'fixtures', 'histories');

describe('recorded workflow histories replay with the current code', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.binpb'));

  it('has recorded histories to replay, each named after the commit that recorded it', () => {
    // The two without a commit in their name were recorded at da645eb, before recordings were named;
    // they keep their names, as every recording is kept as it was.
    expect(files).toEqual(expect.arrayContaining(['report-cycle.binpb', 'launch-calendar.binpb']));
    for (const workflow of ['report-cycle', 'launch-calendar', 'shufa-cycle']) {
      expect(files.filter((f) => f.startsWith(`${workflow}@`)).length).toBeGreaterThanOrEqual(1);
    }
    for (const file of files) expect(file).toMatch(/^[a-z-]+(@[0-9a-f]{7})?\.binpb$/);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(DIR, file)));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
