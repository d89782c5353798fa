import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { CreateOrganizationDto } from './create-organization.dto';
import { ListOrganizationsQuery } from './list-organizations.query';
import { organizationView, OrganizationService } from './organization.service';
import { UpdateOrganizationDto } from './update-organization.dto';
import { ApiErrors } from '../common/api-docs';
import { OrganizationPage, OrganizationView } from './organization.view';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationController {
  constructor(private readonly organizations: OrganizationService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createOrganization', description: 'Creates an organisation' })
  @ApiCreatedResponse({ type: OrganizationView })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateOrganizationDto) {
    return this.organizations.create(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listOrganizations', description: 'The organisations the caller may see' })
  @ApiOkResponse({ type: OrganizationPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListOrganizationsQuery) {
    return this.organizations.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOrganization', description: 'One organisation' })
  @ApiOkResponse({ type: OrganizationView })
  @ApiErrors(400, 401, 403, 404)
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return organizationView(await this.organizations.findVisible(actor, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateOrganization', description: 'Changes an organisation' })
  @ApiOkResponse({ type: OrganizationView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganizationDto,
  ) {
    return this.organizations.update(actor, id, body);
  }
}
