export * from './mailer';
export * from './templates/layout';
export * from './templates/welcome.template';
export * from './templates/stage-notice.template';
export * from './robots';
export * from './templates/robot-message.template';
