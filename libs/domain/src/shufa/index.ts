export * from './shufa-settings';
export * from './scoring';
