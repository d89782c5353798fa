export * from './search-attributes';
export * from './notices';
export * from './cycles';
export * from './launch';
export * from './shufa';
