import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorResponse } from '../common/error-response';
import { renderErrorPage } from './public-pages.render';

/**
 * The public pages answer errors as pages, with the status the API would give (one mapping,
 * toErrorResponse): an id that is not a public report is a 404 page that says nothing about it.
 */
@Catch()
export class PublicPagesErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PublicPagesErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    const message =
      status === 404 ? '该报告不存在或尚未公开。' : unexpected ? '服务器内部错误，请稍后再试。' : body.message;
    response.status(status).type('html').send(renderErrorPage(status, message));
  }
}
