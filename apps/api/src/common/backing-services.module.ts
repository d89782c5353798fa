import { DynamicModule, Module } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rol/config';
import { Mailer } from '@rol/mail';
import { APP_CONFIG, TEMPORAL_CONNECTION } from './tokens';

/** The backing services, connected before the container is built (so start-up errors are clear). */
export interface ApiDependencies {
  config: AppConfig;
  dataSource: DataSource;
  temporalConnection: Connection;
  temporalClient: Client;
  mailer: Mailer;
}

/** The config and the connections every feature uses, for the whole app. */
@Module({})
export class BackingServicesModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: DataSource, useValue: deps.dataSource },
      { provide: TEMPORAL_CONNECTION, useValue: deps.temporalConnection },
      { provide: Client, useValue: deps.temporalClient },
      { provide: Mailer, useValue: deps.mailer },
    ];
    return { module: BackingServicesModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }
}
