export * from './errors';
export * from './roles';
export * from './organization';
export * from './credit-code';
export * from './calendar';
export * from './cycles';
export * from './reports';
export * from './text';
