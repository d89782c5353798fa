import { Client, Connection, ConnectionLike } from '@temporalio/client';
import { StartupError, TemporalConfig } from '@rol/config';

/** Connects at start-up; an unreachable server becomes one clear StartupError, not a stack trace. */
export async function connectTemporal(config: TemporalConfig, connectTimeoutMs = 10_000): Promise<Connection> {
  try {
    return await Connection.connect({ address: config.address, connectTimeout: connectTimeoutMs });
  } catch (error) {
    throw new StartupError(
      `无法连接 Temporal 服务 ${config.address}（TEMPORAL_ADDRESS）/ cannot reach Temporal at ${config.address}: ${
        (error as Error).message
      }`,
    );
  }
}

export function createClient(connection: ConnectionLike, config: TemporalConfig): Client {
  return new Client({ connection, namespace: config.namespace });
}

/** true when the frontend answers its gRPC health check within the timeout. */
export async function temporalIsServing(connection: Connection, timeoutMs = 3000): Promise<boolean> {
  const response = await connection.withDeadline(Date.now() + timeoutMs, () =>
    connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' }),
  );
  return response.status === 1; // SERVING
}
