import { proxyActivities } from '@temporalio/workflow';
import type { NoticeActivities, NoticeDelivery, WelcomeUserInput } from '@rol/contracts';

const { deliverWelcomeNotice } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '2 minutes',
  // SMTP or the database being down is a passing fault: keep trying with backoff, never drop the notice.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Tells a new account holder, by email, that the account exists. */
export async function welcomeUserWorkflow(input: WelcomeUserInput): Promise<NoticeDelivery> {
  return deliverWelcomeNotice(input);
}
