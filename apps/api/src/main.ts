import 'reflect-metadata';
import { exitOnStartupError, loadConfig } from '@rol/config';
import { startApi } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const api = await startApi(config);
  process.stdout.write(`API listening on ${api.url}/api (docs: ${api.url}/api/docs)\n`);
  const stop = () => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => exitOnStartupError(error, 'rol-cycle api'));
