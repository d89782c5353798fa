import { RequestMethod } from '@nestjs/common';

/** The HTML pages, served without the global prefix: /public/reports and /public/reports/:id. */
export const PUBLIC_PAGES_ROUTE = 'public/reports';
/** The JSON API of the same reports, /api/public/reports…, its `api/` written out (see below). */
export const PUBLIC_REPORTS_API_ROUTE = 'api/public/reports';

/**
 * The routes the global `api` prefix is not put before. Nest matches these against the path a
 * controller declares, and the pages and the JSON would both declare public/reports: excluding that
 * would take the JSON out of /api with the pages. So the JSON controller declares its full path and
 * is excluded too, which leaves its URLs (and the OpenAPI document) as they were.
 */
export const PUBLIC_UNPREFIXED_ROUTES: { path: string; method: RequestMethod }[] = [
  PUBLIC_PAGES_ROUTE,
  PUBLIC_REPORTS_API_ROUTE,
].flatMap((path) => [
  { path, method: RequestMethod.GET },
  { path: `${path}/:id`, method: RequestMethod.GET },
]);
