import { ensureTemporalCli } from '@rol/devstack';

ensureTemporalCli().then(
  (path) => process.stdout.write(`Temporal CLI: ${path}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
