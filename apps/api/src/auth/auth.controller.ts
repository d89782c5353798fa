import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { SkipIdempotency } from '../common/idempotency.interceptor';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { LoginDto } from './login.dto';
import { CallerSession, ClientInfo, CurrentSession, OpenWhilePasswordChangeRequired, RequestClient } from './session';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';
import { ApiErrors } from '../common/api-docs';
import { SessionView } from '../users/user.view';

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
  @ApiOperation({ operationId: 'login', description: 'Signs in with email and password' })
  @ApiOkResponse({ type: SessionView })
  @ApiErrors(400, 401, 423, 429)
  login(@Body() body: LoginDto, @RequestClient() client: ClientInfo) {
    return this.signIn.login(body.email, body.password, client);
  }

  /** Ends the caller's session: its token is refused from now on. */
  @ApiBearerAuth()
  @OpenWhilePasswordChangeRequired()
  @SkipIdempotency()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', description: 'Ends the caller’s session' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors(401)
  async logout(@CurrentSession() session: CallerSession): Promise<void> {
    await this.sessions.revoke(session.id, 'logout');
  }
}
