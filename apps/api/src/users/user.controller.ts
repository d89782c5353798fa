import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.view(await this.users.findVisible(actor, id));
  }

  /** Changing one's own password answers with `accessToken`, a fresh token: every earlier one ends. */
  @Patch(':id')
  @OpenWhilePasswordChangeRequired()
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
  unlock(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.unlock(actor, id);
  }
}
