export * from './ports';
export * from './processes';
export * from './temporal-cli';
export * from './embedded-postgres';
export * from './mail-catcher';
