export * from './shufa-settings';
export * from './scoring';
export * from './shufa-report-check';
export * from './rectification';
export * from './shufa-state';
export * from './shufa-steps';
