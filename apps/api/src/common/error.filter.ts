import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from './error-response';
import { replayedError } from './idempotency.interceptor';
import { isPublicPagePath, sendErrorPage } from '../public/public-pages-error';

/**
 * Every error leaves the API in one format: `{statusCode, code, message, details?}`; on the public
 * pages (outside /api) the same status as a page.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const replayed = replayedError(exception);
    if (replayed) {
      response.status(replayed.status).json(replayed.body);
      return;
    }
    const error = toErrorResponse(exception);
    const { status, body, unexpected } = error;
    if (unexpected)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    if (isPublicPagePath(host.switchToHttp().getRequest<Request>().path)) sendErrorPage(response, error);
    else response.status(status).json(body);
  }
}
