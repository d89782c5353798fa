import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const RELATIVE = join('shared', 'fixtures', 'reports');

/**
 * Where the real reports are (they live outside the repository, never copied in): REPORT_FIXTURES
 * when set; else `shared/fixtures/reports` beside this checkout or any folder above it; else the
 * workplace's `/work/shared` (a clean clone elsewhere, as CI makes, still finds them).
 */
export function reportFixturesDir(): string {
  if (process.env.REPORT_FIXTURES) return resolve(process.env.REPORT_FIXTURES);
  for (let dir = resolve(__dirname, '..', '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, '..', RELATIVE);
    if (existsSync(candidate)) return resolve(candidate);
    if (dirname(dir) === dir) break;
  }
  const workplace = join('/work', RELATIVE);
  if (existsSync(workplace)) return workplace;
  throw new Error(
    `real report fixtures not found (looked beside the checkout and in ${workplace}; set REPORT_FIXTURES)`,
  );
}
