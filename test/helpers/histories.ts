import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestSystem } from './test-system';

/**
 * With RECORD_HISTORIES=1: writes each workflow's history to test/fixtures/histories as
 * `<name>@<commit>.binpb`, named after the commit whose workflow code made it (a committed tree
 * only). test/replay.e2e-spec.ts replays every recording, old and new.
 */
export async function recordHistories(sys: TestSystem, workflows: [name: string, workflowId: string][]): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const dirty = execSync('git status --porcelain -- workflows libs/domain libs/contracts', { encoding: 'utf8' });
  if (dirty.trim()) throw new Error(`record histories from a committed tree only:\n${dirty}`);
  const commit = execSync('git rev-parse --short=7 HEAD', { encoding: 'utf8' }).trim();
  for (const [name, id] of workflows) {
    // Binary protobuf: read back by @temporalio/proto itself, independent of JSON conversions.
    const history = await sys.temporal.workflow.getHandle(id).fetchHistory();
    writeFileSync(
      join(__dirname, '..', 'fixtures', 'histories', `${name}@${commit}.binpb`),
      temporal.api.history.v1.History.encode(history).finish(),
    );
  }
}
