export * from './mailer';
export * from './templates/layout';
export * from './templates/welcome.template';
