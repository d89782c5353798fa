import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallerSession,
  ClientInfo,
  CurrentSession,
  OpenWhilePasswordChangeRequired,
  RequestClient,
} from '../auth/session';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { SkipIdempotency } from '../common/idempotency.interceptor';
import { organizationView } from '../organizations/organization.service';
import { UserService } from '../users/user.service';
import { ChangePasswordDto } from './change-password.dto';
import { MyTasksService } from './my-tasks.service';
import { ApiErrors } from '../common/api-docs';
import { MeView, PasswordChangedView, TaskListView } from './me.view';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UserService,
    private readonly myTasks: MyTasksService,
  ) {}

  /** What the caller must do now, soonest due first. */
  @Get('tasks')
  @ApiOperation({ operationId: 'listMyTasks', description: 'What the caller must do now, soonest due first' })
  @ApiOkResponse({ type: TaskListView })
  @ApiErrors(401, 403)
  tasks(@CurrentActor() actor: AuthenticatedActor) {
    return this.myTasks.tasks(actor);
  }

  @Get()
  @OpenWhilePasswordChangeRequired()
  @ApiOperation({ operationId: 'getMe', description: 'The caller and his organisation' })
  @ApiOkResponse({ type: MeView })
  @ApiErrors(401)
  async me(@CurrentActor() actor: AuthenticatedActor) {
    const { user, organization } = await this.users.withOrganization(actor.userId);
    return { ...this.users.view(user), organization: organization ? organizationView(organization) : null };
  }

  /**
   * Changes the caller's password (as PATCH /api/users/:id does for oneself): every session of his
   * ends, and the answer carries the token of a new one. Never stored for Idempotency-Key replay.
   */
  @Post('password')
  @OpenWhilePasswordChangeRequired()
  @SkipIdempotency()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'changeMyPassword',
    description: 'Changes the caller’s password; answers the token of a new session',
  })
  @ApiOkResponse({ type: PasswordChangedView })
  @ApiErrors(400, 401, 403)
  async changePassword(
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentSession() session: CallerSession,
    @RequestClient() client: ClientInfo,
    @Body() body: ChangePasswordDto,
  ) {
    const { accessToken, ...user } = await this.users.update(
      actor,
      actor.userId,
      { password: body.password, currentPassword: body.currentPassword },
      session,
      client,
    );
    return { accessToken, user };
  }
}
