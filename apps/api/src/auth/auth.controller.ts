import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { SkipIdempotency } from '../common/idempotency.interceptor';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { LoginDto } from './login.dto';
import { CallerSession, ClientInfo, CurrentSession, OpenWhilePasswordChangeRequired, RequestClient } from './session';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionService,
  ) {}

  @Public()
  @SkipIdempotency()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @RequestClient() client: ClientInfo) {
    return this.signIn.login(body.email, body.password, client);
  }

  /** Ends the caller's session: its token is refused from now on. */
  @ApiBearerAuth()
  @OpenWhilePasswordChangeRequired()
  @SkipIdempotency()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentSession() session: CallerSession): Promise<void> {
    await this.sessions.revoke(session.id, 'logout');
  }
}
