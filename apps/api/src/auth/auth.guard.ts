import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DomainError, ForbiddenError, Role } from '@rol/domain';
import { preparedQuery } from '@rol/persistence';
import { IS_PUBLIC, REQUIRED_ROLES, RequestWithActor } from '../common/actor';
import { TokenService } from './token.service';

/** Every route needs a valid bearer token of an active user unless marked @Public(); @Roles narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', '请先登录');
    const userId = this.tokens.verify(match[1]);
    // Read the user on every request, so deactivation and role changes take effect at once.
    const [user] = await preparedQuery<{
      id: string;
      name: string;
      email: string;
      organization_id: string | null;
      roles: Role[];
      active: boolean;
      path: string | null;
    }>(
      this.dataSource,
      `SELECT u.id, u.name, u.email, u.organization_id, u.roles, u.active, o.path
         FROM app_user u LEFT JOIN organization o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId],
    );
    if (!user || !user.active) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用');
    request.actor = {
      userId: user.id,
      name: user.name,
      email: user.email,
      organizationId: user.organization_id,
      organizationPath: user.path,
      roles: user.roles,
    };
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenError(`需要以下角色之一：${required.join('、')}`);
    }
    return true;
  }
}
