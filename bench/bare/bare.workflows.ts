import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** The engine's own speed, with nothing of ours in the way: the anchors the benchmarks compare with. */
export const bumpUpdate = defineUpdate<number, [number]>('bump');
export const finishSignal = defineSignal('finish');

/** Holds a counter; an update adds to it and answers at once (no activity, no timer). */
export async function bareUpdateWorkflow(): Promise<number> {
  let count = 0;
  let finished = false;
  setHandler(bumpUpdate, (by: number) => (count += by));
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return count;
}

/** Started and then idle until told to finish, as a launched cycle waits for its first deadline. */
export async function bareIdleWorkflow(): Promise<void> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}

/**
 * As bareIdleWorkflow, but waiting on one timer (a launched cycle waits for its first reminder): with
 * the search attributes it is started with, what the engine itself does for each launched cycle.
 */
export async function bareTimerWorkflow(ms: number): Promise<void> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished, ms);
}
