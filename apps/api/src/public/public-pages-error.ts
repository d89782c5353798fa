import type { Response } from 'express';
import type { ErrorResponse } from '../common/error-response';
import { PUBLIC_PAGES_PATH, renderErrorPage } from './public-pages.render';

/** A request for one of the public pages (or below them), which is answered in HTML, errors too. */
export function isPublicPagePath(path: string): boolean {
  return path === PUBLIC_PAGES_PATH || path.startsWith(`${PUBLIC_PAGES_PATH}/`);
}

/**
 * An error of the public pages as a page, with the status the API would give: an id that is not a
 * public report is a 404 page that says nothing about it, a bad filter a 400 page naming it.
 */
export function sendErrorPage(response: Response, { status, body, unexpected }: ErrorResponse): void {
  const message =
    status === 404 ? '该报告不存在或尚未公开。' : unexpected ? '服务器内部错误，请稍后再试。' : body.message;
  response.status(status).type('html').send(renderErrorPage(status, message));
}
