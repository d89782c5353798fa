import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { RequestWithActor } from '../common/actor';

/** What the auth guard learnt about the caller's session, beside `request.actor`. */
export interface CallerSession {
  id: string;
  mustChangePassword: boolean;
}

export type RequestWithSession = RequestWithActor & { session?: CallerSession };

export const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED = Symbol('OPEN_WHILE_PASSWORD_CHANGE_REQUIRED');
/**
 * Open to a user whose password an administrator reset (GET /api/me, logout, changing his own
 * password); every other route answers 403 PASSWORD_CHANGE_REQUIRED to him.
 */
export const OpenWhilePasswordChangeRequired = () => SetMetadata(OPEN_WHILE_PASSWORD_CHANGE_REQUIRED, true);

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerSession => {
  const session = ctx.switchToHttp().getRequest<RequestWithSession>().session;
  if (!session) throw new Error('CurrentSession used on a public route');
  return session;
});

/** Where a sign-in came from, kept on its session. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientInfo(request: Request): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 400) : null };
}

export const RequestClient = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo =>
  clientInfo(ctx.switchToHttp().getRequest<Request>()),
);
