import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '@rol/config';
import { DataSource } from 'typeorm';
import { DomainError, ForbiddenError, Role } from '@rol/domain';
import { preparedQuery } from '@rol/persistence';
import { IS_PUBLIC, REQUIRED_ROLES } from '../common/actor';
import { APP_CONFIG } from '../common/tokens';
import { OPEN_WHILE_PASSWORD_CHANGE_REQUIRED, RequestWithSession } from './session';
import { TokenService } from './token.service';

type SessionState = 'live' | 'ended' | 'idle';

/**
 * The caller's user and session in one statement. A live session's last use moves forward in the
 * same statement (a data-modifying CTE runs whether or not the query reads it), at most once a
 * minute, so most requests write nothing and none needs a second round trip. The SELECT sees the
 * session as it was before that update.
 */
const CALLER_SQL = `
  WITH touched AS (
    UPDATE user_session SET last_used_at = now()
     WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
       AND last_used_at < now() - interval '1 minute'
       AND last_used_at > now() - $3::int * interval '1 second'
  )
  SELECT u.id, u.name, u.email, u.organization_id, u.roles, u.active, u.must_change_password, o.path,
         CASE WHEN s.id IS NULL OR s.revoked_at IS NOT NULL OR s.expires_at <= now() THEN 'ended'
              WHEN s.last_used_at <= now() - $3::int * interval '1 second' THEN 'idle'
              ELSE 'live' END AS session
    FROM app_user u
    LEFT JOIN organization o ON o.id = u.organization_id
    LEFT JOIN user_session s ON s.id = $1 AND s.user_id = u.id
   WHERE u.id = $2`;

/**
 * Every route needs a valid bearer token of an active user and a live session unless marked
 * @Public(); @Roles narrows it. A user whose password an administrator reset reaches only the routes
 * marked @OpenWhilePasswordChangeRequired().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly idleSeconds: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idleSeconds = config.sessionIdleMinutes * 60;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithSession>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', '请先登录');
    const { userId, sessionId } = this.tokens.verify(match[1]);
    // Read the user on every request, so deactivation and role changes take effect at once.
    const [user] = await preparedQuery<{
      id: string;
      name: string;
      email: string;
      organization_id: string | null;
      roles: Role[];
      active: boolean;
      must_change_password: boolean;
      path: string | null;
      session: SessionState;
    }>(this.dataSource, CALLER_SQL, [sessionId, userId, this.idleSeconds]);
    if (!user || !user.active) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用');
    if (user.session === 'idle') throw new DomainError('UNAUTHENTICATED', '登录已超时，请重新登录');
    if (user.session !== 'live') throw new DomainError('UNAUTHENTICATED', '登录已失效，请重新登录');
    request.actor = {
      userId: user.id,
      name: user.name,
      email: user.email,
      organizationId: user.organization_id,
      organizationPath: user.path,
      roles: user.roles,
    };
    request.session = { id: sessionId, mustChangePassword: user.must_change_password };
    if (
      user.must_change_password &&
      !this.reflector.getAllAndOverride<boolean>(OPEN_WHILE_PASSWORD_CHANGE_REQUIRED, targets)
    ) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', '管理员已重置您的密码，请先修改密码再继续操作');
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenError(`需要以下角色之一：${required.join('、')}`);
    }
    return true;
  }
}
