export * from './ports';
export * from './temporal-cli';
export * from './pglite';
export * from './mail-catcher';
