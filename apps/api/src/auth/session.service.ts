import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@rol/config';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@rol/persistence';
import { APP_CONFIG } from '../common/tokens';
import { ClientInfo } from './session';
import { TokenService } from './token.service';

export type RevokeReason = 'logout' | 'password_changed' | 'password_reset';

/** Server-side sessions: each token names one, and ending it ends the token at once. */
@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Opens a session (in `manager`'s transaction) and returns its token. The user's sessions that ended
   * more than a week ago are purged in the same statement, so the table holds live ones and recent history.
   */
  async open(manager: EntityManager, userId: string, client: ClientInfo): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `WITH purged AS (
         DELETE FROM user_session
          WHERE user_id = $2 AND (expires_at < now() - interval '7 days' OR revoked_at < now() - interval '7 days')
       )
       INSERT INTO user_session (id, user_id, created_at, last_used_at, expires_at, ip, user_agent)
       VALUES ($1, $2, now(), now(), now() + $3::int * interval '1 second', $4, $5)`,
      [id, userId, this.config.jwtTtlSeconds, client.ip, client.userAgent],
    );
    return this.tokens.issue(userId, id);
  }

  /** Ends every live session of the user (in `manager`'s transaction); how many were ended. */
  async revokeAll(manager: EntityManager, userId: string, reason: RevokeReason): Promise<number> {
    // For an UPDATE, TypeORM answers [rows, affected].
    const [, affected] = (await manager.query(
      `UPDATE user_session SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [userId, reason],
    )) as [unknown[], number];
    return affected;
  }

  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }
}
