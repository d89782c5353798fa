import { Module } from '@nestjs/common';
import { DashboardRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** Oversight (督办): the dashboard of a jurisdiction's year. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardService, repositoryProvider(DashboardRepository)],
})
export class OversightModule {}
