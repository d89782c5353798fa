import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { NoticeChannelsDto } from './notice-channels.dto';
import { NoticeChannelsService } from './notice-channels.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class NoticeChannelsController {
  constructor(private readonly channels: NoticeChannelsService) {}

  @Get(':id/channels')
  @Roles('admin')
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.channels.get(actor, id);
  }

  @Put(':id/channels')
  @Roles('admin')
  put(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NoticeChannelsDto,
  ) {
    return this.channels.put(actor, id, body);
  }
}
