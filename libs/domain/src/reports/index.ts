export * from './section-check';
export * from './report-dates';
