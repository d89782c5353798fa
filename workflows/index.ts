export { welcomeUserWorkflow } from './welcome-user.workflow';
export { reportCycleWorkflow, shufaCycleWorkflow } from './cycle.workflow';
export { launchCalendarWorkflow } from './launch-calendar.workflow';
export { retimeCalendarWorkflow } from './retime-calendar.workflow';
export { closeCalendarWorkflow } from './close-calendar.workflow';
