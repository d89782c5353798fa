import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { NoticeChannelsDto } from './notice-channels.dto';
import { NoticeChannelsService } from './notice-channels.service';
import { ApiErrors } from '../common/api-docs';
import { NoticeChannelsView } from './organization.view';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class NoticeChannelsController {
  constructor(private readonly channels: NoticeChannelsService) {}

  @Get(':id/channels')
  @Roles('admin')
  @ApiOperation({ operationId: 'getNoticeChannels', description: 'An organisation’s notice channels (tokens masked)' })
  @ApiOkResponse({ type: NoticeChannelsView })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.channels.get(actor, id);
  }

  @Put(':id/channels')
  @Roles('admin')
  @ApiOperation({ operationId: 'setNoticeChannels', description: 'Sets an organisation’s notice channels' })
  @ApiOkResponse({ type: NoticeChannelsView })
  @ApiErrors(400, 401, 403, 404)
  put(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NoticeChannelsDto,
  ) {
    return this.channels.put(actor, id, body);
  }

  @Patch(':id/channels')
  @Roles('admin')
  @ApiOperation({
    operationId: 'changeNoticeChannels',
    description: 'Changes some of an organisation’s notice channels: one absent stays as it is, null removes it',
  })
  @ApiOkResponse({ type: NoticeChannelsView })
  @ApiErrors(400, 401, 403, 404)
  patch(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NoticeChannelsDto,
  ) {
    return this.channels.put(actor, id, body, 'merge');
  }
}
