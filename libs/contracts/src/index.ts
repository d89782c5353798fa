export * from './search-attributes';
export * from './notices';
