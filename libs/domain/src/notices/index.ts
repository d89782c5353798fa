export * from './channels';
export * from './notice-actions';
