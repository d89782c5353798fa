import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where shared fixtures are (they live outside the repository, never copied in): the environment
 * variable when set; else `shared/fixtures/<kind>` beside this checkout or any folder above it; else
 * the workplace's `/work/shared` (a clean clone elsewhere, as CI makes, still finds them).
 */
function sharedFixturesDir(kind: string, variable: string, what: string): string {
  const relative = join('shared', 'fixtures', kind);
  if (process.env[variable]) return resolve(process.env[variable] as string);
  for (let dir = resolve(__dirname, '..', '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, '..', relative);
    if (existsSync(candidate)) return resolve(candidate);
    if (dirname(dir) === dir) break;
  }
  const workplace = join('/work', relative);
  if (existsSync(workplace)) return workplace;
  throw new Error(`${what} not found (looked beside the checkout and in ${workplace}; set ${variable})`);
}

/** The real reports. */
export function reportFixturesDir(): string {
  return sharedFixturesDir('reports', 'REPORT_FIXTURES', 'real report fixtures');
}

/** The State Council's holiday notices as published. */
export function holidayNoticeFixturesDir(): string {
  return sharedFixturesDir('holiday-notices', 'HOLIDAY_NOTICE_FIXTURES', 'holiday notice fixtures');
}
