import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every answer. One Content-Security-Policy fits both pages the process serves:
 * the web console (React + Vite + Ant Design, served at /) and the Swagger UI at /api/docs, which
 * @nestjs/swagger serves as same-origin script files (swagger-ui-bundle.js, swagger-ui-init.js) and
 * inline <style> only: scripts from this origin only, inline styles allowed (Ant Design injects
 * its CSS-in-JS at run time), images from this origin and data: URIs (both use inline SVG/PNG data),
 * fetches to this origin only, no plugins, no framing. No `upgrade-insecure-requests`: a deployment
 * on plain HTTP inside a government network would have every script "upgraded" to an HTTPS that is
 * not there.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * Nothing the API answers is kept by a browser or a proxy: most answers are personal (tasks, drafts,
 * audit trails, tokens), and the few public ones (/api/health, /api/public/*) are small and change
 * with the state of a cycle. One rule for every /api answer, errors included, so no route can be
 * forgotten.
 */
export function noStore(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
