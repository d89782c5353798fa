import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';

/** The paths the API, the public pages and the calendar feeds answer: never the console's. */
const NOT_CONSOLE = /^\/(api|public|feeds)(\/|$)/;

/**
 * The built web console (`npm run build:web` → dist/web at the repository root), found from this
 * file whether it runs from source (ts-jest) or from dist/. null when it has not been built.
 */
export function consoleDir(from = __dirname): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const web = join(dir, 'dist', 'web');
      return existsSync(join(web, 'index.html')) ? web : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Serves the console at /: its hashed assets (kept a year), and index.html for every other GET that
 * asks for a page outside /api, /public and /feeds, so a link such as /report-cycles/:id?action=…
 * opens in the console (the browser's router takes it from there). Does nothing if not built.
 */
export function serveConsole(app: NestExpressApplication, dir = consoleDir()): void {
  if (!dir) return;
  const index = join(dir, 'index.html');
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      NOT_CONSOLE.test(req.path) ||
      req.path.startsWith('/assets/')
    ) {
      return next();
    }
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
