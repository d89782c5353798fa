export { welcomeUserWorkflow } from './welcome-user.workflow';
