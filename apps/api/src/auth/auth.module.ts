import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@rol/config';
import { APP_CONFIG } from '../common/tokens';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { loginThrottlers } from './login-throttler.guard';
import { SessionsModule } from './sessions.module';
import { SignInService } from './sign-in.service';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loginThrottlers(config) }),
    SessionsModule,
    UsersModule,
  ],
  controllers: [AuthController],
  providers: [SignInService],
})
export class AuthModule {}
