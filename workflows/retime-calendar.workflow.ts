import { proxyActivities } from '@temporalio/workflow';
import { LaunchActivities, RetimeBatchResult, RetimeInput } from '@rol/contracts';

const { retimeBatch } = proxyActivities<LaunchActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Tells every running cycle of a calendar about a change of its due dates, in batches. */
export async function retimeCalendarWorkflow(input: RetimeInput): Promise<{ signalled: number }> {
  let signalled = 0;
  let afterId: string | null = null;
  for (;;) {
    const batch: RetimeBatchResult = await retimeBatch({
      calendarId: input.calendarId,
      revision: input.revision,
      afterId,
      limit: input.batchSize,
    });
    signalled += batch.signalled;
    if (batch.lastId === null) break;
    afterId = batch.lastId;
  }
  return { signalled };
}
