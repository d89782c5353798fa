import { execSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, WorkflowBundle } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { advanceUpdate, contributeUpdate, cycleStateQuery, extendUpdate } from '@rol/contracts';
import { CycleInput, CycleSnapshot } from '@rol/domain';
import { ensureSearchAttributes } from '@rol/temporal';
import { temporalAddress, workflowBundle } from '../helpers/test-system';
import { recordingActivities, reportCycleInput } from './workflow-fixtures';

/**
 * The workflow code of this commit started the cycles that are running when a new version is
 * deployed: the last landed before the workflow code changed (8e1e333: before deadline items).
 * Moved on when the workflow code changes again.
 */
const UPGRADE_FROM = '8e1e333';

const REPO = resolve(__dirname, '..', '..');
const S = 1000;

/** The workflow code as it was at `commit`, bundled as the worker of that commit bundled it. */
async function bundleAt(commit: string): Promise<{ bundle: WorkflowBundle; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), `rol-workflows-${commit}-`));
  execSync(`git archive ${commit} workflows libs/domain/src libs/contracts/src | tar -x -C ${dir}`, { cwd: REPO });
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(dir, 'workflows', 'index.ts'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@rol/contracts': join(dir, 'libs', 'contracts', 'src'),
        '@rol/domain': join(dir, 'libs', 'domain', 'src'),
      };
      // Packages come from this checkout's node_modules.
      config.resolve.modules = [join(REPO, 'node_modules'), 'node_modules'];
      return config;
    },
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  return { bundle, dir };
}

describe('a deploy of new workflow code (upgrade)', () => {
  let connection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;
  let oldCode: { bundle: WorkflowBundle; dir: string };
  const { activities, calls } = recordingActivities();

  beforeAll(async () => {
    oldCode = await bundleAt(UPGRADE_FROM);
    connection = await NativeConnection.connect({ address: temporalAddress() });
    clientConnection = await Connection.connect({ address: temporalAddress() });
    await ensureSearchAttributes(clientConnection, 'default');
    client = new Client({ connection: clientConnection });
  }, 120_000);

  afterAll(async () => {
    await clientConnection?.close();
    await connection?.close();
    if (oldCode) rmSync(oldCode.dir, { recursive: true, force: true });
  });

  it(`cycles started by the workflow code of ${UPGRADE_FROM} go on under today's code to reminders and completion`, async () => {
    const taskQueue = `upgrade-${randomBytes(4).toString('hex')}`;
    const input = reportCycleInput(Date.now() + 20 * S, {
      reminders: ['PT3S'],
      escalation: { after: 'PT2S', every: 'PT1H' },
    });
    const { cycleId } = input;
    const actor = { id: null, label: 'upgrade test' };

    // The old code starts the cycle and takes a person's step (an extension of drafting).
    const oldWorker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: oldCode.bundle,
      activities,
      // No cache: the new worker must replay what the old one did.
      maxCachedWorkflows: 0,
    });
    const newDue = Date.now() + 12 * S;
    // A second cycle collecting its two divisions' material: the old code kept one deadline for the
    // stage (about both divisions); it keeps that one deadline under today's code.
    const [a, b] = [randomUUID(), randomUUID()];
    const drafting = reportCycleInput(Date.now() + 120 * S, { reminders: ['PT3S'], escalation: input.escalation });
    const collecting: CycleInput = {
      ...drafting,
      due: { ...drafting.due, contributions: Date.now() + 8 * S },
      divisions: [a, b],
    };
    await oldWorker.runUntil(async () => {
      await client.workflow.start('reportCycleWorkflow', {
        taskQueue,
        workflowId: collecting.cycleId,
        args: [collecting],
      });
      const handle = await client.workflow.start('reportCycleWorkflow', {
        taskQueue,
        workflowId: cycleId,
        args: [input],
      });
      await handle.executeUpdate(extendUpdate, { args: [{ stage: 'drafting', dueAt: newDue, reason: '延期', actor }] });
      expect((await handle.query(cycleStateQuery)).dueAt).toBe(newDue);
    });

    // Today's code takes over: it replays the old history, then reminds, marks overdue and escalates
    // on the extended date, and goes on through every stage to completion.
    const newWorker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    await newWorker.runUntil(async () => {
      const handle = client.workflow.getHandle(cycleId);
      const deadline = Date.now() + 40 * S;
      while (!calls.some((c) => c.activity === 'escalate' && c.cycleId === cycleId)) {
        if (Date.now() > deadline) throw new Error(`no escalation: ${JSON.stringify(calls)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const reminders = calls.filter((c) => c.activity === 'remind' && c.cycleId === cycleId);
      expect(reminders.map((c) => c.input.dueAt)).toEqual([newDue]);
      expect(reminders[0].at).toBeGreaterThanOrEqual(newDue - 3 * S - 50);
      for (const stage of ['drafting', 'legality_review', 'sign_off', 'submission', 'publication'] as const) {
        await handle.executeUpdate(advanceUpdate, { args: [{ stage, actor, comment: null, details: {} }] });
      }
      const state: CycleSnapshot = await handle.result();
      expect(state.stage).toBe('completed');

      const older = client.workflow.getHandle(collecting.cycleId);
      const stageReminders = calls.filter((c) => c.activity === 'remind' && c.cycleId === collecting.cycleId);
      expect(stageReminders.map((c) => [c.input.stage, c.input.divisionId, c.input.pendingDivisions])).toEqual([
        ['contributions', undefined, [a, b]],
      ]);
      // One division cannot be extended on its own in a cycle that has no deadline items.
      const refused = await older
        .executeUpdate(extendUpdate, {
          args: [{ stage: 'contributions', divisionId: a, dueAt: Date.now() + 60 * S, reason: '延期', actor }],
        })
        .then(
          () => null,
          (e: unknown) => e as WorkflowUpdateFailedError,
        );
      expect((refused?.cause as ApplicationFailure).type).toBe('STAGE_MISMATCH');
      for (const divisionId of [a, b]) {
        await older.executeUpdate(contributeUpdate, { args: [{ divisionId, actor }] });
      }
      const after = await older.query(cycleStateQuery);
      expect(after.stage).toBe('drafting');
      expect(after.items).toBeUndefined();
      // Handed in after the stage's date, the one date both had.
      expect(after.contributions.map((c) => c.late)).toEqual([true, true]);
    });
  });
});
