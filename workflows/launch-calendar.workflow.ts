import { proxyActivities, setHandler } from '@temporalio/workflow';
import {
  LaunchActivities,
  LaunchBatchResult,
  LaunchInput,
  LaunchProgress,
  launchProgressQuery,
  noLaunchCounts,
} from '@rol/contracts';

// A killed worker is noticed by its missing heartbeat, not after the whole timeout.
const { launchBatch } = proxyActivities<LaunchActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Launches a calendar's year: one report cycle per department of the jurisdiction and one 述法 cycle
 * per department's principal leader, in batches of departments taken in code order (each activity
 * run goes on through batches for a few seconds, so the starts do not pause between them). Cycle ids are
 * deterministic, so a batch retried after a crash, or a second launch, starts nothing twice; a
 * cycle whose workflow failed or was terminated is started again from its state in PostgreSQL.
 */
export async function launchCalendarWorkflow(input: LaunchInput): Promise<LaunchProgress> {
  const progress: LaunchProgress = { ...noLaunchCounts(), batches: 0, done: false };
  setHandler(launchProgressQuery, () => progress);
  let afterCode: string | null = null;
  for (;;) {
    const batch: LaunchBatchResult = await launchBatch({
      calendarId: input.calendarId,
      organizationId: input.organizationId,
      afterCode,
      limit: input.batchSize,
    });
    if (batch.lastCode === null) break;
    progress.batches += batch.batches ?? 1;
    progress.departments += batch.departments;
    progress.reportStarted += batch.reportStarted;
    progress.shufaStarted += batch.shufaStarted;
    progress.alreadyRunning += batch.alreadyRunning;
    // Results recorded by older worker code have no restart counts.
    const older: Partial<LaunchBatchResult> = batch;
    progress.alreadyEnded += older.alreadyEnded ?? 0;
    progress.restarted.push(...(older.restarted ?? []));
    progress.failed.push(...(older.failed ?? []));
    progress.withoutLeader.push(...batch.withoutLeader);
    afterCode = batch.lastCode;
    // A run that went through several batches says whether it reached the end; one of a single batch
    // (all results recorded before) has if it came back short.
    if (batch.done ?? batch.departments < input.batchSize) break;
  }
  progress.done = true;
  return progress;
}
