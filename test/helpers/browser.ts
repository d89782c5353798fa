import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleDir } from '../../apps/api/src/console/console-static';

/** The machine's Chromium (Debian package `chromium`); CHROMIUM_PATH names another. Never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'console');

/**
 * `describe`, or `describe.skip` with a line saying why when there is no Chromium: `npm test` then
 * reports the browser tests as skipped rather than passing silently.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  console.warn(
    `浏览器测试未运行 / browser tests NOT RUN: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`,
  );
  describe.skip(name, body);
}

/** The built console (dist/web); built here when a test runs before `npm run build`. */
export function ensureConsoleBuilt(): void {
  if (consoleDir()) return;
  // Built aside and moved into place: two test files building at once (jest runs two at a time) never
  // empty dist/web under an API serving it.
  const root = join(__dirname, '..', '..');
  const aside = join(root, 'dist', `web.${process.pid}`);
  try {
    execFileSync(
      'npx',
      ['vite', 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'warn', '--outDir', aside],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (!consoleDir()) {
      rmSync(join(root, 'dist', 'web'), { recursive: true, force: true });
      renameSync(aside, join(root, 'dist', 'web'));
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Every console error and uncaught exception of a page, for the test to assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Which request failed, beside the browser's bare "Failed to load resource".
  page.on('response', (response) => {
    if (response.status() >= 400)
      errors.push(`${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
