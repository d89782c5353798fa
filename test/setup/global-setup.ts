// Jest loads global setup outside its module mapper, hence the relative import.
import { startTemporalDevServer } from '../../libs/devstack/src';

/** One ephemeral Temporal dev server for the whole run, unless TEMPORAL_ADDRESS names one already. */
export default async function globalSetup(): Promise<void> {
  // Shared by the projects that need it (workflow, e2e): started once.
  if (process.env.TEST_TEMPORAL_ADDRESS) return;
  if (process.env.TEMPORAL_ADDRESS) {
    process.env.TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
    return;
  }
  const server = await startTemporalDevServer();
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  (globalThis as { __temporalDevServer__?: typeof server }).__temporalDevServer__ = server;
}
