import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './helpers/test-system';

/**
 * Histories recorded from real runs (RECORD_HISTORIES=1 with the report-cycle test writes them) must
 * still replay with today's workflow code: a year-long cycle survives every deploy.
 */
const DIR = join(__dirname, 'fixtures', 'histories');

describe('recorded workflow histories replay with the current code', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.binpb'));

  it('has recorded histories to replay', () => {
    expect(files).toEqual(expect.arrayContaining(['report-cycle.binpb', 'launch-calendar.binpb']));
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(DIR, file)));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
