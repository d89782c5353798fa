import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { CreateOrganizationDto } from './create-organization.dto';
import { ListOrganizationsQuery } from './list-organizations.query';
import { organizationView, OrganizationService } from './organization.service';
import { UpdateOrganizationDto } from './update-organization.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationController {
  constructor(private readonly organizations: OrganizationService) {}

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateOrganizationDto) {
    return this.organizations.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListOrganizationsQuery) {
    return this.organizations.list(actor, query);
  }

  @Get(':id')
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return organizationView(await this.organizations.findVisible(actor, id));
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganizationDto,
  ) {
    return this.organizations.update(actor, id, body);
  }
}
