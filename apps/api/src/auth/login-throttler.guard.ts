import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '@rol/config';
import { DomainError } from '@rol/domain';

const MINUTE_MS = 60_000;

/**
 * Sign-in attempts per minute: from one IP address (password spraying across accounts), and for one
 * account name (what the body names, known or not). The lock after 5 failures (login-lockout) is the
 * limit on guessing one password; these keep the rate of trying down. Counted in each API process.
 */
export function loginThrottlers(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'login-ip', ttl: MINUTE_MS, limit: config.loginRateLimit.perIp },
      {
        name: 'login-account',
        ttl: MINUTE_MS,
        limit: config.loginRateLimit.perAccount,
        getTracker: (req: { body?: { email?: unknown } }) =>
          typeof req.body?.email === 'string' ? `account:${req.body.email.trim().toLowerCase()}` : 'account:',
      },
    ],
  };
}

/** The throttler of the sign-in routes, answering 429 TOO_MANY_REQUESTS in the API's error format. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, limit.timeToBlockExpire);
    throw new DomainError('TOO_MANY_REQUESTS', `登录尝试过于频繁，请 ${seconds} 秒后再试`, {
      retryAfterSeconds: seconds,
    });
  }
}
