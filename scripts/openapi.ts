import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildApiDocumentWithoutServices } from '../apps/api/src/api-document';

/**
 * `npm run openapi -- <file>`: writes the API's OpenAPI document (the one /api/docs-json serves) as
 * JSON, without PostgreSQL, Temporal or SMTP running (see buildApiDocumentWithoutServices).
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('用法 / usage: npm run openapi -- <output.json>\n');
    process.exitCode = 2;
    return;
  }
  const document = await buildApiDocumentWithoutServices();
  const file = resolve(target);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`OpenAPI 文档已写入 / written: ${file} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
