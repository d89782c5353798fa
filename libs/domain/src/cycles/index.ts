export * from './cycle';
export * from './cycle-state';
export * from './responsibility';
