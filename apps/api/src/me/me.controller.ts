import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { OrganizationEntity, UserEntity } from '@rol/persistence';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { organizationView } from '../organizations/organization.service';
import { UserService } from '../users/user.service';
import { MyTasksService } from './my-tasks.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly myTasks: MyTasksService,
  ) {}

  /** What the caller must do now, soonest due first. */
  @Get('tasks')
  tasks(@CurrentActor() actor: AuthenticatedActor) {
    return this.myTasks.tasks(actor);
  }

  @Get()
  async me(@CurrentActor() actor: AuthenticatedActor) {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: actor.userId });
    const organization = user.organizationId
      ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: user.organizationId })
      : null;
    return { ...this.users.view(user), organization: organization ? organizationView(organization) : null };
  }
}
