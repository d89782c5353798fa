export * from './section-check';
