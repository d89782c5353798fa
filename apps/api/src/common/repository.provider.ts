import { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A repository of libs/persistence (a plain class over the DataSource) as a Nest provider. */
export function repositoryProvider<T>(repository: new (dataSource: DataSource) => T): FactoryProvider<T> {
  return {
    provide: repository,
    useFactory: (dataSource: DataSource) => new repository(dataSource),
    inject: [DataSource],
  };
}
