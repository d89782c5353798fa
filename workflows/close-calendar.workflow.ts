import { proxyActivities } from '@temporalio/workflow';
import { CloseBatchResult, CloseInput, LaunchActivities } from '@rol/contracts';

const { closeBatch } = proxyActivities<LaunchActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Ends every cycle of a closed year that is still running, in batches (a retried batch ends none twice). */
export async function closeCalendarWorkflow(input: CloseInput): Promise<{ closed: number; notRunning: string[] }> {
  let closed = 0;
  const notRunning: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const batch: CloseBatchResult = await closeBatch({ calendarId: input.calendarId, afterId, limit: input.batchSize });
    closed += batch.closed;
    notRunning.push(...batch.notRunning);
    if (batch.lastId === null) break;
    afterId = batch.lastId;
  }
  return { closed, notRunning };
}
