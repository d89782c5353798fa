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

/**
 * The visible form controls and buttons without an accessible name (aria-label, aria-labelledby, a
 * <label>, a button's text, a title or placeholder): a screen reader could not say what they are.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  // In the page (a string: the tests are type-checked without the DOM library).
  return page.evaluate<string[]>(`(() => {
    const text = (el) => (el ? (el.textContent || '').trim() : '');
    const named = (el) =>
      (el.getAttribute('aria-label') || '').trim() ||
      (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map((id) => text(document.getElementById(id))).join('') ||
      (el.id && text(document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))) ||
      text(el.closest('label')) ||
      (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button'
        ? text(el) || (el.querySelector('[role=img][aria-label]') || { getAttribute: () => '' }).getAttribute('aria-label')
        : '') ||
      el.getAttribute('title') ||
      el.getAttribute('placeholder') ||
      '';
    const controls = document.querySelectorAll(
      'input:not([type=hidden]), textarea, select, button, [role=combobox], [role=switch], [role=checkbox], [role=radio]',
    );
    return [...controls]
      .filter(
        (el) =>
          el.getClientRects().length > 0 &&
          getComputedStyle(el).visibility !== 'hidden' &&
          !el.closest('[aria-hidden=true]'),
      )
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 160));
  })()`);
}

/** Saves the screen under test-output/console, and checks every control on it has a name. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect({ screen: name, unlabelled: await unlabelledControls(page) }).toEqual({ screen: name, unlabelled: [] });
}
