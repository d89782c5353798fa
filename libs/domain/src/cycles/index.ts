export * from './cycle';
export * from './cycle-state';
