import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '@rol/config';
import { DomainError } from '@rol/domain';
import { APP_CONFIG } from '../common/tokens';

@Injectable()
export class TokenService {
  // A key object made once: given a string, jsonwebtoken first tries (and fails) to read it as a
  // public or private key on every call, which costs more than the signature itself.
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /** A token for one session (`sid`), valid at most jwtTtlSeconds; the session decides the rest. */
  issue(userId: string, sessionId: string): string {
    return jwt.sign({ sid: sessionId }, this.key, {
      subject: userId,
      expiresIn: this.config.jwtTtlSeconds,
      algorithm: 'HS256',
    });
  }

  /**
   * The user and session the token was issued to; UNAUTHENTICATED when it is forged, malformed,
   * expired, or from before sessions (no `sid`).
   */
  verify(token: string): { userId: string; sessionId: string } {
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload === 'object' && typeof payload.sub === 'string' && typeof payload.sid === 'string') {
        return { userId: payload.sub, sessionId: payload.sid };
      }
    } catch {
      // fall through
    }
    throw new DomainError('UNAUTHENTICATED', '登录已失效，请重新登录');
  }
}
