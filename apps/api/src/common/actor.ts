import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from '@rol/domain';
import type { AuditActor } from '@rol/persistence';

export interface AuthenticatedActor extends Actor {
  name: string;
  email: string;
}

export type RequestWithActor = Request & { actor?: AuthenticatedActor };

export const IS_PUBLIC = Symbol('IS_PUBLIC');
/** No login needed (health, public reports, login itself). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');
/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedActor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

export function auditActor(actor: AuthenticatedActor): AuditActor {
  return { id: actor.userId, label: `${actor.name} <${actor.email}>` };
}
