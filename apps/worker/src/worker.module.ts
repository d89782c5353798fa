import { DynamicModule, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Mailer, RobotSender } from '@rol/mail';
import { CycleActivitiesService } from './cycles/cycle.activities';
import { StageRecipientsService } from './cycles/stage-recipients.service';
import { LaunchActivitiesService, WORKER_TASK_QUEUE } from './launch/launch.activities';
import { NoticeActivitiesService } from './notices/notice.activities';
import { NoticeDeliveryService } from './notices/notice-delivery.service';
import { CONSOLE_PUBLIC_URL } from './notices/public-url';

export interface WorkerDependencies {
  dataSource: DataSource;
  mailer: Mailer;
  /** Starts and signals the cycle workflows a launch or a calendar change fans out to. */
  client: Client;
  taskQueue: string;
  /** The console's public address (`PUBLIC_URL`) notices link to. */
  publicUrl: string;
}

@Module({})
export class WorkerModule {
  static forRoot(deps: WorkerDependencies): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: DataSource, useValue: deps.dataSource },
        { provide: Mailer, useValue: deps.mailer },
        { provide: RobotSender, useValue: new RobotSender() },
        { provide: Client, useValue: deps.client },
        { provide: WORKER_TASK_QUEUE, useValue: deps.taskQueue },
        { provide: CONSOLE_PUBLIC_URL, useValue: deps.publicUrl },
        NoticeDeliveryService,
        NoticeActivitiesService,
        StageRecipientsService,
        CycleActivitiesService,
        LaunchActivitiesService,
      ],
    };
  }
}
