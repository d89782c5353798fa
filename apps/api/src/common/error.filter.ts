import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorResponse } from './error-response';
import { replayedError } from './idempotency.interceptor';

/** Every error leaves the API in one format: `{statusCode, code, message, details?}`. */
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
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    response.status(status).json(body);
  }
}
