/** Contracts of the mail notices that workflows ask activities to deliver. */

export interface WelcomeUserInput {
  userId: string;
}

export interface NoticeDelivery {
  noticeId: string;
  messageId: string;
  /** true when this call sent it; false when an earlier attempt already had. */
  sentNow: boolean;
}

/** Activities the workflows call; workflows import this type only (never the implementation). */
export interface NoticeActivities {
  deliverWelcomeNotice(input: WelcomeUserInput): Promise<NoticeDelivery>;
}

export const WELCOME_USER_WORKFLOW = 'welcomeUserWorkflow';

/** One welcome per account: a second start with the same id is refused by Temporal. */
export function welcomeWorkflowId(userId: string): string {
  return `welcome-user-${userId}`;
}
