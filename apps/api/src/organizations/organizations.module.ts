import { Module } from '@nestjs/common';
import { NoticeChannelsController } from './notice-channels.controller';
import { NoticeChannelsService } from './notice-channels.service';
import { OrganizationController } from './organization.controller';
import { OrganizationService } from './organization.service';

@Module({
  controllers: [OrganizationController, NoticeChannelsController],
  providers: [OrganizationService, NoticeChannelsService],
})
export class OrganizationsModule {}
