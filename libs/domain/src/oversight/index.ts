export * from './assessment';
export * from './light';
