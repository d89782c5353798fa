import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError } from '@rol/domain';
import { AuthGuard } from '../auth/auth.guard';

/** Stands for the docs routes, which Swagger registers outside Nest's controllers; it has no metadata. */
class ApiDocsPage {
  serve(): void {}
}

/**
 * API_DOCS=login: /api/docs* (the UI, its script that embeds the document, /api/docs-json and
 * /api/docs-yaml) need what every other route needs, a bearer token of an active user, checked by
 * the app's own AuthGuard (the one that guards every route). Meant for API clients with a token
 * (`curl -H 'Authorization: Bearer …' /api/docs-json`): a browser does not send one to the page.
 */
export function docsLoginGate(guard: AuthGuard): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const context = new ExecutionContextHost([req, res, next], ApiDocsPage, ApiDocsPage.prototype.serve);
    guard.canActivate(context).then(
      (allowed) => next(allowed ? undefined : new ForbiddenError()),
      (error: unknown) => next(error),
    );
  };
}

/** Whether a request is for the API docs (the paths SwaggerModule.setup serves under api/docs). */
export function isDocsPath(path: string): boolean {
  return path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-');
}
