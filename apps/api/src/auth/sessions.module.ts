import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { LoginLockoutService } from './login-lockout.service';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

/** Sessions and their tokens, the sign-in lock, and the guard that checks every request's session. */
@Module({
  providers: [
    TokenService,
    SessionService,
    LoginLockoutService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [SessionService, LoginLockoutService, AuthGuard],
})
export class SessionsModule {}
