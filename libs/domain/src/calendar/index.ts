export * from './iso-date';
export * from './working-days';
export * from './duration';
export * from './stages';
export * from './calendar-rules';
export * from './timer-plan';
export * from './preview';
export * from './timer-step';
