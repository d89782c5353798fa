import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/api/src/app.module';
import type { ApiDependencies } from '../apps/api/src/common/backing-services.module';
import { buildApiDocument, setApiPrefix } from '../apps/api/src/create-api-app';

/**
 * `npm run openapi -- <file>`: writes the API's OpenAPI document (the one /api/docs-json serves) as
 * JSON, without PostgreSQL, Temporal or SMTP. The app is created in Nest's preview mode, which reads
 * the modules' routes and decorators but instantiates no provider, so the backing services are never
 * asked for: the dependencies given are placeholders holding only what module set-up reads (the log
 * options).
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('用法 / usage: npm run openapi -- <output.json>\n');
    process.exitCode = 2;
    return;
  }
  const placeholders = { config: { logLevel: 'silent', logFormat: 'json' } } as unknown as ApiDependencies;
  const app = await NestFactory.create(AppModule.forRoot(placeholders), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  setApiPrefix(app);
  const document = buildApiDocument(app);
  await app.close();
  const file = resolve(target);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`OpenAPI 文档已写入 / written: ${file} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
