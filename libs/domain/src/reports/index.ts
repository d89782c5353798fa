export * from './section-check';
export * from './report-dates';
export * from './disclosure';
export * from './stage-details';
