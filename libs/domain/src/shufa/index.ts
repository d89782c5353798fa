export * from './shufa-settings';
export * from './scoring';
export * from './shufa-report-check';
export * from './rectification';
