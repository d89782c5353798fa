import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Mailer } from '@rol/mail';
import { NoticeActivitiesService } from './notices/notice.activities';
import { NoticeDeliveryService } from './notices/notice-delivery.service';

export interface WorkerDependencies {
  dataSource: DataSource;
  mailer: Mailer;
}

@Module({})
export class WorkerModule {
  static forRoot(deps: WorkerDependencies): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: DataSource, useValue: deps.dataSource },
        { provide: Mailer, useValue: deps.mailer },
        NoticeDeliveryService,
        NoticeActivitiesService,
      ],
    };
  }
}
