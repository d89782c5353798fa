export * from './create-api-app';
