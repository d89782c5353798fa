import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallerSession,
  ClientInfo,
  CurrentSession,
  OpenWhilePasswordChangeRequired,
  RequestClient,
} from '../auth/session';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { CreateUserDto } from './create-user.dto';
import { ListUsersQuery } from './list-users.query';
import { UpdateUserDto } from './update-user.dto';
import { UserService } from './user.service';
import { ApiErrors } from '../common/api-docs';
import { UpdatedUserView, UserPage, UserView } from './user.view';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createUser', description: 'Creates a user in an organisation the admin administers' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', description: 'Lists the users the caller may see' })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', description: 'One user' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 401, 403, 404)
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.view(await this.users.findVisible(actor, id));
  }

  /** Changing one's own password answers with `accessToken`, a fresh token: every earlier one ends. */
  @Patch(':id')
  @OpenWhilePasswordChangeRequired()
  @ApiOperation({
    operationId: 'updateUser',
    description: 'Changes a user (or one’s own password: the answer then carries a fresh token)',
  })
  @ApiOkResponse({ type: UpdatedUserView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentSession() session: CallerSession,
    @RequestClient() client: ClientInfo,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ) {
    return this.users.update(actor, id, body, session, client);
  }

  /** Lifts the lock left by failed sign-ins (admin of the user's organisation). */
  @Post(':id/unlock')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'unlockUser', description: 'Lifts the lock left by failed sign-ins' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 401, 403, 404)
  unlock(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.unlock(actor, id);
  }
}
