import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApiDocumentWithoutServices } from '../api-document';

const ROOT = join(__dirname, '..', '..', '..', '..');
const COMMITTED = join(ROOT, 'apps', 'web', 'src', 'api', 'schema.d.ts');

describe("the web console's typed client", () => {
  it('is generated from the OpenAPI document the API builds now (run `npm run build && npm run web:types` when this fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rol-web-schema-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(await buildApiDocumentWithoutServices()));
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
          join(dir, 'openapi.json'),
          '-o',
          join(dir, 'schema.d.ts'),
          // As `npm run web:types`: a request field with a default stays optional.
          '--default-non-nullable',
          'false',
        ],
        { stdio: 'pipe' },
      );
      const fresh = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
      expect(fresh).toContain('"/api/me/tasks"');
      expect(readFileSync(COMMITTED, 'utf8')).toBe(fresh);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
