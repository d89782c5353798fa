import 'reflect-metadata';
import { ConfigError } from '@rol/config';
import { createDataSource, verifyAuditChain } from '@rol/persistence';

/** `npm run audit:verify`: recomputes the audit hash chains of DATABASE_URL and names every broken row. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new ConfigError('DATABASE_URL', '未设置 (unset)');
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    const result = await verifyAuditChain(dataSource);
    if (result.ok)
      process.stdout.write(
        `审计链完整：已校验 ${result.checked} 条记录 (audit chain intact: ${result.checked} rows)\n`,
      );
    else {
      const broken = result.broken ?? [];
      process.stdout.write(
        `审计链断裂：${result.brokenCount} 条记录有问题 / audit chain broken: ${result.brokenCount} rows\n` +
          broken.map((b) => `  第 ${b.id} 条（${b.problem}）/ row ${b.id} (${b.problem})\n`).join('') +
          (result.brokenCount! > broken.length ? `  …\n` : ''),
      );
      process.exitCode = 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
