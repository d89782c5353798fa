export * from './connection';
export * from './search-attributes';
export * from './workflow-bundle';
