export * from './cycle';
export * from './cycle-state';
export * from './step-rules';
export * from './responsibility';
export * from './deadlines';
export * from './deadline-audience';
